using CommsHub.Firmware.Host.Keys;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Firmware.Host.Tests;

public class KeyFilesTests
{
    [Fact]
    public void A_generation_cut_short_between_the_two_halves_still_ends_with_the_public_half_saved()
    {
        // The public half cannot be written (here a folder in its place; a full disk or a crash does the same) while
        // the pair is generated. A private key saved without its .pem would be loaded as "saved" on every later start,
        // and the public half the adapter needs would never be written (nor logged) again.
        using var dir = new TempDir();
        const ulong eui = 0x00DB000000000007;
        var publicPath = Path.Combine(dir.Path, new KeyFileName(eui, KeyUsage.KeyAgreement, false, IsPrivate: false).ToString());
        Directory.CreateDirectory(publicPath);
        var failed = Assert.ThrowsAny<Exception>(() => KeyFiles.LoadOrCreate(null, dir.Path, eui, KeyUsage.KeyAgreement, out _, out _));
        Assert.True(failed is IOException or UnauthorizedAccessException, failed.ToString());
        Directory.Delete(publicPath);

        using var key = KeyFiles.LoadOrCreate(null, dir.Path, eui, KeyUsage.KeyAgreement, out _, out var privatePath);
        Assert.True(File.Exists(publicPath), "the public half of the key the hub runs with is saved");
        using var ec = System.Security.Cryptography.ECDsa.Create();
        ec.ImportFromPem(File.ReadAllText(publicPath));
        Assert.Equal(key.PublicKey, Sec1(ec));
        Assert.Equal([privatePath, publicPath], Directory.GetFiles(dir.Path).Order()); // nothing temporary left behind
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privatePath));
    }

    // The uncompressed SEC1 point (04 | X | Y), as NetPrivateKey.PublicKey gives it.
    private static byte[] Sec1(System.Security.Cryptography.ECDsa ec)
    {
        var q = ec.ExportParameters(false).Q;
        return [0x04, .. q.X!, .. q.Y!];
    }
}
