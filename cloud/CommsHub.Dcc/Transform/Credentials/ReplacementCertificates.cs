using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Dcc.Transforms.Chf;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Dcc.Transforms.Credentials;

/// <summary>
/// What the DCC checks of the certificates a credential replacement puts into a device's trust anchor cells, before it
/// builds the command (GBCS.md §3.5, SEC-DCC.md §7): each is an SMKI Organisation Certificate issued by a certificate of
/// the request's certification path, of the target cell's key usage and remote party role, and, where the user replaces
/// its own credentials, naming the user. A device would refuse such a certificate only after the command had burnt the
/// party's counter; one it accepted would hand the cell to the wrong key.
/// </summary>
internal static class ReplacementCertificates
{
    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";

    /// <summary>Refuses the request when any replacement certificate does not fit its cell.</summary>
    /// <param name="replacements">The replacements, each with its certificate and target cell.</param>
    /// <param name="path">The certification path certificates (DER) the request carries.</param>
    /// <param name="owner">The EUI every certificate must name (the user replacing its own credentials), or null.</param>
    /// <exception cref="DuisTransformException">InvalidBody, naming the element and what is wrong.</exception>
    public static void Check(IReadOnlyList<TrustAnchorReplacement> replacements, IReadOnlyList<byte[]> path, ulong? owner)
    {
        var issuers = path.Select(X509CertificateLoader.LoadCertificate).ToList();
        try
        {
            foreach (var r in replacements) CheckOne(r, issuers, owner);
        }
        finally
        {
            foreach (var c in issuers) c.Dispose();
        }
    }

    private static void CheckOne(TrustAnchorReplacement r, List<X509Certificate2> issuers, ulong? owner)
    {
        using var cert = X509CertificateLoader.LoadCertificate(r.Certificate);
        var what = $"sr:{r.Element}";
        var cell = $"the {RoleName(r.Target.Role)} {(r.Target.Usage == KeyUsage.DigitalSignature ? "digital signature" : "key agreement")} cell";
        // SMKI keys have one usage each: a signing key in a key agreement cell (or the reverse) would leave the device
        // unable to verify (or to agree keys with) the party.
        var needed = r.Target.Usage == KeyUsage.DigitalSignature ? Protocol.Crypto.KeyUsage.DigitalSignature : Protocol.Crypto.KeyUsage.KeyAgreement;
        if (CertificateIdentity.GetKeyUsage(cert) != needed)
            throw DuisBody.Invalid($"{what} is not a {(r.Target.Usage == KeyUsage.DigitalSignature ? "digitalSignature" : "keyAgreement")} " +
                $"certificate (its key usage: {KeyUsageText(cert)}); {cell} needs one");
        var ou = CertificateIdentity.GetOrganisationalUnit(cert);
        if (ou is null || ou.Length != 2 || !byte.TryParse(ou, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var role)
            || role != r.Target.Role)
            throw DuisBody.Invalid($"{what} is for remote party role {(ou is null ? "(no OU)" : $"OU={ou}")}; {cell} needs OU={r.Target.Role:X2}");
        var eui = CertificateIdentity.TryGetEui(cert);
        if (eui is null)
            throw DuisBody.Invalid($"{what} names no party (no x500UniqueIdentifier): it is not an SMKI Organisation Certificate");
        if (owner is { } o && eui != o)
            throw DuisBody.Invalid($"{what} names {eui:X16}, not the user {o:X16} whose credentials it replaces");
        if (!IssuedByOneOf(r.Certificate, cert, issuers))
            throw DuisBody.Invalid($"{what} (issuer '{cert.Issuer}') is not issued by a certificate of sr:CertificationPathCertificates");
    }

    // Issued by: a path certificate that may sign certificates, whose subject is the issuer name and whose key verifies
    // the certificate's ecdsa-with-SHA256 signature. A name alone proves nothing: anyone can mint a CA called "OU=07, CN=Z1".
    private static bool IssuedByOneOf(byte[] der, X509Certificate2 cert, List<X509Certificate2> issuers)
    {
        ReadOnlyMemory<byte> tbs;
        byte[] signature;
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            tbs = outer.ReadEncodedValue();
            var algorithm = outer.ReadSequence();
            if (algorithm.ReadObjectIdentifier() != EcdsaWithSha256) return false;
            signature = outer.ReadBitString(out var unused);
            if (unused != 0) return false;
        }
        catch (AsnContentException)
        {
            return false;
        }
        foreach (var issuer in issuers)
        {
            if (!issuer.SubjectName.RawData.AsSpan().SequenceEqual(cert.IssuerName.RawData)) continue;
            var ku = issuer.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
            if (ku is null || !ku.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign)) continue;
            using var key = issuer.GetECDsaPublicKey();
            if (key is not null && key.VerifyData(tbs.Span, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
                return true;
        }
        return false;
    }

    private static string KeyUsageText(X509Certificate2 cert) =>
        cert.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault()?.KeyUsages.ToString() ?? "none";

    private static string RoleName(int role) => role switch
    {
        2 => "supplier's",
        3 => "network operator's",
        SecurityCredentialsAsn1.AccessControlBroker => "access control broker's",
        8 => "load controller's",
        _ => $"role {role}'s",
    };
}
