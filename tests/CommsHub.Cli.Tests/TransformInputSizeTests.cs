using CommsHub.Cli.Inspection;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// <c>duis transform</c> refuses a request file larger than <see cref="InputReader.MaxFileBytes"/> instead of loading it
/// whole (a device such as /dev/zero would grow the process to 2 GB first): one line, exit 1.
/// </summary>
public sealed class TransformInputSizeTests
{
    [Fact]
    public void A_request_file_larger_than_the_limit_is_refused()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-transform-big-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "request.xml");
        try
        {
            using (var file = File.Create(path)) file.SetLength(InputReader.MaxFileBytes + 1);
            var stdout = new StringWriter();
            var stderr = new StringWriter();

            Assert.Equal(1, CliApp.Run(["duis", "transform", "--keys", dir, "--counter", "1", path], stdout, stderr));
            var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(path, line);
            Assert.Contains($"larger than {InputReader.MaxFileBytes} bytes", line);
            Assert.Equal("", stdout.ToString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
