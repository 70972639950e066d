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
    /// <exception cref="InvalidOperationException">a file holds no such key or certificate (the message names it).</exception>
    public static DuisSigner Load(string privateKeyPath, string certificatePath)
    {
        var key = Smki.PemFile.EcPrivateKey(privateKeyPath);
        try
        {
            return new DuisSigner(key, Smki.PemFile.Certificate(certificatePath));
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Key.Dispose();
        Certificate.Dispose();
    }
}
