using CommsHub.Cli.Inspection;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// <c>ncp ash decode</c> refuses a capture larger than <see cref="InputReader.MaxFileBytes"/> (as <c>gbcs inspect</c>
/// does) instead of loading it whole: one line, exit 1, no frames printed.
/// </summary>
public sealed class NcpCaptureSizeTests
{
    [Fact]
    public void A_capture_larger_than_the_limit_is_refused_unread()
    {
        var path = Path.Combine(Path.GetTempPath(), "commshub-ncp-big-" + Guid.NewGuid().ToString("N") + ".bin");
        try
        {
            // Sparse on most file systems: the size without the disk use. Flags (0x7E) would be frames; zeros are not hex text.
            using (var file = File.Create(path)) file.SetLength(InputReader.MaxFileBytes + 1);
            var stdout = new StringWriter();
            var stderr = new StringWriter();

            Assert.Equal(1, CliApp.Run(["ncp", "ash", "decode", path], stdout, stderr));
            var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(path, line);
            Assert.Contains($"larger than {InputReader.MaxFileBytes} bytes", line);
            Assert.Equal("", stdout.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
