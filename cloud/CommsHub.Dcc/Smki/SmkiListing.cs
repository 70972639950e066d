using System.Security.Cryptography.X509Certificates;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Dcc.Smki;

/// <summary>One certificate of a test SMKI folder, as <c>commshub pki list</c> prints it.</summary>
/// <param name="File">Path relative to the SMKI folder, e.g. "keys/02c04b0000010000-ka.pem".</param>
/// <param name="Kind">"root", "ca", "organisation", "xml-sign", "dsp-xml-sign" or "device".</param>
/// <param name="Eui">The EUI the certificate names (16 upper-case hex), or null for the CAs.</param>
/// <param name="Role">The OU (role code, two hex digits) of organisation and CA certificates; null for devices.</param>
/// <param name="Usage">"ka", "ds", or null for the CAs.</param>
/// <param name="Serial">Serial number, upper-case hex.</param>
/// <param name="Subject">Subject DN (empty for devices).</param>
/// <param name="Issuer">Issuer DN.</param>
/// <param name="NotAfter">End of validity (UTC).</param>
/// <param name="HasPrivateKey">True when the matching .key file is present.</param>
public sealed record SmkiEntry(string File, string Kind, string? Eui, string? Role, string? Usage, string Serial,
    string Subject, string Issuer, DateTimeOffset NotAfter, bool HasPrivateKey);

/// <summary>Reads what a test SMKI folder holds.</summary>
public static class SmkiListing
{
    /// <summary>Every certificate in the folder, CAs first, then by file name.</summary>
    public static IReadOnlyList<SmkiEntry> List(SmkiFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var entries = new List<SmkiEntry>();
        foreach (var sub in new[] { folder.CaFolder, folder.KeysFolder, folder.XmlSignFolder })
        {
            if (!Directory.Exists(sub)) continue;
            foreach (var pem in Directory.EnumerateFiles(sub, "*.pem").Order(StringComparer.Ordinal))
                entries.Add(Describe(folder, pem));
        }
        return entries;
    }

    private static SmkiEntry Describe(SmkiFolder folder, string pemPath)
    {
        using var cert = PemFile.Certificate(pemPath);
        var name = Path.GetFileNameWithoutExtension(pemPath);
        var ou = cert.SubjectName.EnumerateRelativeDistinguishedNames()
            .FirstOrDefault(r => r.GetSingleElementType().Value == SmkiAsn.OrganisationalUnitOid)?.GetSingleElementValue();
        var isCa = cert.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
        var kind = isCa ? (name == "root" ? "root" : "ca")
            : name.StartsWith("dsp-xml-sign-", StringComparison.Ordinal) ? "dsp-xml-sign"
            : name.StartsWith("xml-sign-", StringComparison.Ordinal) ? "xml-sign"
            : cert.SubjectName.RawData.Length <= 2 ? "device" : "organisation";
        var usage = CertificateIdentity.GetKeyUsage(cert) switch
        {
            KeyUsage.KeyAgreement => "ka",
            KeyUsage.DigitalSignature => "ds",
            _ => null,
        };
        return new SmkiEntry(
            Path.GetRelativePath(folder.Root, pemPath).Replace('\\', '/'),
            kind,
            CertificateIdentity.TryGetEui(cert)?.ToString("X16", System.Globalization.CultureInfo.InvariantCulture),
            ou,
            usage,
            cert.SerialNumber,
            cert.Subject,
            cert.Issuer,
            new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            File.Exists(Path.ChangeExtension(pemPath, ".key")));
    }
}
