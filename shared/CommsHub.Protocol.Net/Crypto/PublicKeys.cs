using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CommsHub.Protocol.Net.Crypto;

/// <summary>
/// Reads P-256 public keys into the 65-byte uncompressed point the portable code uses, from an X.509 certificate
/// (PEM or DER) or a SubjectPublicKeyInfo (PEM or DER). SPKI parsing is our own strict DER reader: only
/// id-ecPublicKey with the named curve prime256v1 is accepted (no explicit curve parameters, which would let a
/// sender pick the curve), and the point must be on P-256.
/// </summary>
public static class PublicKeys
{
    /// <summary>Strictly parses a DER SubjectPublicKeyInfo. Returns false for anything that is not a valid P-256 key.</summary>
    /// <param name="spki">The DER bytes, with nothing after them.</param>
    /// <param name="point">The 65-byte uncompressed point (compressed points are decompressed).</param>
    public static bool TryReadSubjectPublicKeyInfo(ReadOnlySpan<byte> spki, out byte[] point)
    {
        point = Array.Empty<byte>();
        try
        {
            var reader = new AsnReader(spki.ToArray(), AsnEncodingRules.DER);
            var info = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var algorithm = info.ReadSequence();
            if (algorithm.ReadObjectIdentifier() != P256.EcPublicKeyOid) return false;
            // Named curve only: an OID, not ecParameters or implicitCA.
            if (algorithm.PeekTag() != Asn1Tag.ObjectIdentifier) return false;
            if (algorithm.ReadObjectIdentifier() != P256.CurveOid) return false;
            algorithm.ThrowIfNotEmpty();
            var bits = info.ReadBitString(out int unusedBits);
            info.ThrowIfNotEmpty();
            return unusedBits == 0 && P256.TryNormalizePoint(bits, out point);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>Reads a DER SubjectPublicKeyInfo; throws <see cref="CryptographicException"/> when it is not a valid P-256 key.</summary>
    public static byte[] FromSubjectPublicKeyInfo(ReadOnlySpan<byte> spki) =>
        TryReadSubjectPublicKeyInfo(spki, out var point)
            ? point
            : throw new CryptographicException("not a valid P-256 SubjectPublicKeyInfo (named curve prime256v1, point on the curve)");

    /// <summary>Loads a certificate (DER) and returns its P-256 public key and identity.</summary>
    public static CertificateKey FromCertificate(ReadOnlySpan<byte> der)
    {
        using var cert = X509CertificateLoader.LoadCertificate(der);
        return FromCertificate(cert);
    }

    /// <summary>Returns the P-256 public key and identity of a loaded certificate.</summary>
    public static CertificateKey FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var point = FromSubjectPublicKeyInfo(certificate.PublicKey.ExportSubjectPublicKeyInfo());
        return new CertificateKey(point, certificate.SerialNumber, CertificateIdentity.TryGetEui(certificate),
            CertificateIdentity.GetKeyUsage(certificate));
    }

    /// <summary>
    /// Reads the first PEM block of <paramref name="pem"/>: a CERTIFICATE or a PUBLIC KEY (SPKI). Both appear as
    /// <c>.pem</c> files in the RTDS keystore. The certificate-only fields of the result are empty for SPKI.
    /// </summary>
    /// <exception cref="CryptographicException">No such block, bad encoding, or not a P-256 key.</exception>
    public static CertificateKey FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields))
            throw new CryptographicException("no PEM block found");
        var label = pem[fields.Label].ToString();
        var der = Convert.FromBase64String(pem[fields.Base64Data].ToString());
        return label switch
        {
            "CERTIFICATE" => FromCertificate(der),
            "PUBLIC KEY" => new CertificateKey(FromSubjectPublicKeyInfo(der), null, null, null),
            _ => throw new CryptographicException($"PEM block '{label}' is neither CERTIFICATE nor PUBLIC KEY"),
        };
    }
}
