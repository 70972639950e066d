using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// A damaged key, certificate or credentials file in the data directory stops the start with an error the host prints
/// as one line (Program.cs prints an <see cref="InvalidOperationException"/>'s message) naming the file, rather than the
/// crypto or JSON library's exception and its stack trace; the file is left as it was.
/// </summary>
public sealed class UnusableDataFileTests
{
    [Theory]
    [InlineData("smki/ca/issuing.key")]
    [InlineData("smki/ca/issuing.pem")]
    [InlineData("smki/xml-sign/dsp-xml-sign-02C04B0000000002-ds.key")]
    [InlineData("smki/xml-sign/dsp-xml-sign-02C04B0000000002-ds.pem")]
    [InlineData("smki/xml-sign/xml-sign-02C04B0000010000-ds.pem")]
    [InlineData("mqtt/credentials.json")]
    public void A_damaged_file_stops_the_start_naming_it(string file)
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-damaged-" + Guid.NewGuid().ToString("N"));
        string[] args = ["--data-dir", dir, "--http-url", "http://127.0.0.1:0", "--CommsHub:Mqtt:Enabled=false"];
        try
        {
            // The first start mints the identities and writes the credentials.
            ((IDisposable)CloudApp.Create(args, console: TextWriter.Null)).Dispose();
            var path = Path.Combine(dir, file);
            Assert.True(File.Exists(path));
            File.WriteAllText(path, "{ damaged");

            var ex = Assert.Throws<InvalidOperationException>(() => CloudApp.Create(args, console: TextWriter.Null));
            Assert.Contains(path, ex.Message);
            Assert.Equal("{ damaged", File.ReadAllText(path));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
