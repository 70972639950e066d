using System.Security.Cryptography;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// The device certificates the DCC holds (the SMKI repository's copies): a Method C join (CS03C) carries the other
/// device's key agreement certificate.
/// </summary>
public interface IDeviceCertificates
{
    /// <summary>The DER X.509 certificate of <paramref name="device"/> for <paramref name="usage"/>, or null when none is held.</summary>
    byte[]? CertificateOf(ulong device, KeyUsage usage);
}

/// <summary>
/// Device certificates from a keystore folder in the RTDS convention (<c>&lt;eui&gt;-ka.pem</c>, <c>&lt;eui&gt;-ds.pem</c>,
/// <see cref="KeyFileName"/>); a file holding a bare public key (SPKI) is no certificate and gives null. Thread-safe.
/// </summary>
/// <param name="folder">The keystore folder.</param>
public sealed class KeystoreDeviceCertificates(string folder) : IDeviceCertificates
{
    private readonly string _folder = Path.GetFullPath(folder ?? throw new ArgumentNullException(nameof(folder)));

    /// <inheritdoc />
    /// <exception cref="KeyStoreFormatException">the file exists but is no PEM or DER X.509 certificate.</exception>
    public byte[]? CertificateOf(ulong device, KeyUsage usage)
    {
        var name = new KeyFileName(device, usage, Prepayment: false, IsPrivate: false);
        var path = new[] { name.FileName(true), name.FileName(false) }.Select(f => Path.Combine(_folder, f)).FirstOrDefault(File.Exists);
        if (path is null) return null;
        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        if (text.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal)) return null;
        try
        {
            var der = text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? PemEncoding.Find(text) is var pem && text[pem.Label] == "CERTIFICATE" ? Convert.FromBase64String(text[pem.Base64Data]) : null
                : bytes;
            if (der is null) return null;
            using var _ = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(der);
            return der;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
        {
            throw new KeyStoreFormatException(path, "not an X.509 certificate (PEM or DER): " + ex.Message, ex);
        }
    }
}
