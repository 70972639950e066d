using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CommsHub.Dcc.Duis;

/// <summary>An XML-signing identity: the private key and the certificate whose issuer and serial go into KeyInfo.</summary>
public sealed class DuisSigner : IDisposable
{
    /// <summary>Creates a signer; the key must match the certificate's public key.</summary>
    public DuisSigner(ECDsa key, X509Certificate2 certificate)
    {
        Key = key ?? throw new ArgumentNullException(nameof(key));
        Certificate = certificate ?? throw new ArgumentNullException(nameof(certificate));
        using var pub = certificate.GetECDsaPublicKey()
            ?? throw new ArgumentException("the certificate does not hold an EC public key", nameof(certificate));
        if (!pub.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            throw new ArgumentException("the private key does not belong to the certificate", nameof(key));
    }

    /// <summary>The signing key (ECDSA P-256 in SMKI).</summary>
    public ECDsa Key { get; }

    /// <summary>The signer's certificate.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// Loads a private key file (PKCS#8 DER as dccboxed-signing-tool ships it, or PEM) and a PEM certificate.
    /// </summary>
    public static DuisSigner Load(string privateKeyPath, string certificatePath)
    {
        var bytes = File.ReadAllBytes(privateKeyPath);
        var key = ECDsa.Create();
        if (bytes.AsSpan().StartsWith("-----BEGIN"u8))
            key.ImportFromPem(System.Text.Encoding.ASCII.GetString(bytes));
        else
            key.ImportPkcs8PrivateKey(bytes, out _);
        return new DuisSigner(key, X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath)));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Key.Dispose();
        Certificate.Dispose();
    }
}
