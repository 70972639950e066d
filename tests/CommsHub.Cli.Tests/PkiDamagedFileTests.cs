using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// <c>pki</c> and <c>send</c> meeting a damaged certificate or key file: one line on stderr naming the file, exit 1,
/// and nothing minted from it.
/// </summary>
public sealed class PkiDamagedFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-pki-" + Guid.NewGuid().ToString("N"));

    public PkiDamagedFileTests() => Assert.Equal(0, Run("pki", "init", "--no-demo", "--dir", _dir).Exit);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Listing_a_folder_with_a_damaged_certificate_names_it()
    {
        var junk = Path.Combine(_dir, "keys", "0011223344556677-ka.pem");
        Directory.CreateDirectory(Path.GetDirectoryName(junk)!);
        File.WriteAllText(junk, "not a certificate");
        var (exit, stderr) = Run("pki", "list", "--dir", _dir);
        Assert.Equal(1, exit);
        Assert.Contains(junk, Assert.Single(Lines(stderr)));
    }

    [Fact]
    public void Issuing_under_a_damaged_ca_key_names_it_and_mints_nothing()
    {
        var key = Path.Combine(_dir, "ca", "issuing.key");
        File.WriteAllText(key, "-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n");
        var (exit, stderr) = Run("pki", "issue-device", "--dir", _dir, "--eui", "0011223344556688");
        Assert.Equal(1, exit);
        Assert.Contains(key, Assert.Single(Lines(stderr)));
        Assert.False(Directory.Exists(Path.Combine(_dir, "keys")) && Directory.EnumerateFiles(Path.Combine(_dir, "keys")).Any());
    }

    [Fact]
    public void Sending_with_a_damaged_certificate_names_it()
    {
        var cert = Path.Combine(_dir, "user.pem");
        File.WriteAllText(cert, "not a certificate");
        var (exit, stderr) = Run("send", "--key", Path.Combine(_dir, "ca", "issuing.key"), "--cert", cert, "--meter", "02C04B10000001A0", "4.1.1");
        Assert.Equal(1, exit);
        Assert.Contains(cert, Assert.Single(Lines(stderr)));
    }

    private static (int Exit, string Stderr) Run(params string[] args)
    {
        var stderr = new StringWriter();
        return (CliApp.Run(args, new StringWriter(), stderr), stderr.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
