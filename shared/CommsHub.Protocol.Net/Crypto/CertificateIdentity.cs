using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Protocol.Crypto;

namespace CommsHub.Protocol.Net.Crypto;

/// <summary>
/// Reads who a SMKI certificate belongs to (GBCS.md §3.5): a device certificate names its EUI-64 in a
/// subjectAltName otherName hardwareModuleName (hwSerialNum), an organisation certificate in the subject's
/// x500UniqueIdentifier (a BIT STRING of the 8 EUI bytes). Informational only: no chain or policy checks here.
/// </summary>
public static class CertificateIdentity
{
    private const string SubjectAltNameOid = "2.5.29.17";
    private const string HardwareModuleNameOid = "1.3.6.1.5.5.7.8.4";
    private const string UniqueIdentifierOid = "2.5.4.45";
    private const string OrganisationalUnitOid = "2.5.4.11";

    /// <summary>The EUI-64 the certificate names, or null when it names none in the forms above.</summary>
    public static ulong? TryGetEui(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        try
        {
            return FromSubjectAltName(certificate) ?? FromSubject(certificate.SubjectName);
        }
        catch (AsnContentException)
        {
            return null; // an odd SAN or subject is not our concern here: the key itself was already checked
        }
    }

    /// <summary>DS or KA from the KeyUsage extension when it grants exactly one of the two, else null.</summary>
    public static KeyUsage? GetKeyUsage(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var ext = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (ext is null) return null;
        bool ds = ext.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature);
        bool ka = ext.KeyUsages.HasFlag(X509KeyUsageFlags.KeyAgreement);
        return ds == ka ? null : ds ? KeyUsage.DigitalSignature : KeyUsage.KeyAgreement;
    }

    /// <summary>
    /// The subject's single OrganizationalUnitName (an SMKI Organisation Certificate's remote party role, e.g. "02", "87"),
    /// or null when the subject has none or more than one (neither can be trusted to be the role meant).
    /// </summary>
    public static string? GetOrganisationalUnit(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        string? found = null;
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements || rdn.GetSingleElementType().Value != OrganisationalUnitOid) continue;
            if (found is not null) return null;
            found = rdn.GetSingleElementValue();
        }
        return found;
    }

    private static ulong? FromSubjectAltName(X509Certificate2 certificate)
    {
        var ext = certificate.Extensions[SubjectAltNameOid];
        if (ext is null) return null;
        var names = new AsnReader(ext.RawData, AsnEncodingRules.DER).ReadSequence();
        var otherNameTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        while (names.HasData)
        {
            if (names.PeekTag() != otherNameTag)
            {
                names.ReadEncodedValue();
                continue;
            }
            var otherName = names.ReadSequence(otherNameTag);
            if (otherName.ReadObjectIdentifier() != HardwareModuleNameOid) continue;
            var value = otherName.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
            var hardwareModule = value.ReadSequence();
            hardwareModule.ReadObjectIdentifier(); // hwType
            var serial = hardwareModule.ReadOctetString();
            if (serial.Length == 8) return ReadEui(serial);
        }
        return null;
    }

    private static ulong? FromSubject(X500DistinguishedName subject)
    {
        foreach (var rdn in subject.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements) continue;
            if (rdn.GetSingleElementType().Value != UniqueIdentifierOid) continue;
            // RelativeDistinguishedName ::= SET OF AttributeTypeAndValue { type OID, value ANY }
            var attribute = new AsnReader(rdn.RawData, AsnEncodingRules.DER).ReadSetOf().ReadSequence();
            attribute.ReadObjectIdentifier();
            var reader = attribute;
            var bits = reader.ReadBitString(out int unused);
            if (unused == 0 && bits.Length == 8) return ReadEui(bits);
        }
        return null;
    }

    private static ulong ReadEui(byte[] eight) => CommsHub.Protocol.Encoding.Eui64.Read(eight, 0);
}
