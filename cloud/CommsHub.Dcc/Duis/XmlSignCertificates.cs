using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Dcc.Duis;

/// <summary>
/// Whether a certificate may sign a user's DUIS requests now (SEC-DCC.md §7, GBCS.md §3.5): a DUIS XML-signing
/// Organisation Certificate (OU 87), for digital signatures, within its validity. The signer directory holds what the
/// operator put in the SMKI folder or keystore; this keeps a GBCS signing certificate put there by mistake, or a user's
/// certificate that has expired (or is not valid yet), from admitting requests.
/// </summary>
public static class XmlSignCertificates
{
    /// <summary>The OU of users' XML-signing certificates (role 135).</summary>
    public const string UserOu = "87";

    /// <summary>Why <paramref name="certificate"/> may not sign a user's request at <paramref name="now"/>, or null when it may.</summary>
    public static string? Unfit(X509Certificate2 certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var ou = CertificateIdentity.GetOrganisationalUnit(certificate);
        if (ou != UserOu)
            return $"is not a DUIS XML-signing certificate (OU={ou ?? "none"}, not OU={UserOu})";
        if (CertificateIdentity.GetKeyUsage(certificate) != Protocol.Crypto.KeyUsage.DigitalSignature)
            return "is not a digitalSignature certificate";
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (now < notBefore) return $"is not valid before {notBefore.ToString("u", CultureInfo.InvariantCulture)}";
        if (now > notAfter) return $"expired at {notAfter.ToString("u", CultureInfo.InvariantCulture)}";
        return null;
    }
}
