using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CommsHub.Dcc.Smki;

/// <summary>
/// Reads certificate and EC private key files. A file that holds no usable one is an <see cref="InvalidOperationException"/>
/// naming the file: the crypto library's own errors name no file (and one of them is an <see cref="ArgumentException"/>
/// about a parameter), so a start-up or a command that met a damaged file could not say which one to restore.
/// </summary>
public static class PemFile
{
    /// <summary>Loads the certificate in a PEM file (a private key beside it in the file is ignored).</summary>
    /// <exception cref="InvalidOperationException">the file holds no PEM certificate.</exception>
    public static X509Certificate2 Certificate(string path)
    {
        var text = File.ReadAllText(path);
        try
        {
            return X509Certificate2.CreateFromPem(text);
        }
        catch (CryptographicException ex)
        {
            throw Unusable(path, "PEM certificate", ex);
        }
    }

    /// <summary>Loads an EC private key: PEM (PKCS#8 or SEC 1), or PKCS#8 DER as dccboxed-signing-tool ships it.</summary>
    /// <exception cref="InvalidOperationException">the file holds no such key.</exception>
    public static ECDsa EcPrivateKey(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var key = ECDsa.Create();
        try
        {
            if (bytes.AsSpan().StartsWith("-----BEGIN"u8)) key.ImportFromPem(System.Text.Encoding.ASCII.GetString(bytes));
            else key.ImportPkcs8PrivateKey(bytes, out _);
            return key;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw Unusable(path, "EC private key", ex);
        }
    }

    // The library's message says what it looked for; it never quotes the file's content.
    private static InvalidOperationException Unusable(string path, string what, Exception ex) =>
        new($"'{path}' holds no usable {what}: {ex.Message}", ex);
}
