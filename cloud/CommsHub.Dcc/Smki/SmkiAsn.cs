using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CommsHub.Dcc.Smki;

/// <summary>
/// The DER pieces of SMKI certificates that System.Security.Cryptography has no builder for: subjects with a BIT
/// STRING x500UniqueIdentifier, the hardwareModuleName otherName, policies and 8-octet key identifiers.
/// </summary>
internal static class SmkiAsn
{
    public const string OrganisationalUnitOid = "2.5.4.11";
    public const string CommonNameOid = "2.5.4.3";
    public const string UniqueIdentifierOid = "2.5.4.45";
    public const string HardwareModuleNameOid = "1.3.6.1.5.5.7.8.4";
    /// <summary>hwType of SMKI device certificates (GBCS.md §3.5).</summary>
    public const string DeviceHardwareTypeOid = "1.2.826.0.1.8641679.1.2.2.1";
    /// <summary>The ZAZ1 test policy of organisation certificates; reused so tools that know ZAZ1 accept ours.</summary>
    public const string OrganisationPolicyOid = "1.2.826.0.1.8641679.1.2.1.4";
    /// <summary>The policy the ZAZ1 device certificates carry.</summary>
    public const string DevicePolicyOid = "1.2.826.0.1.1800000.1.2.1.4";

    /// <summary>A name of single-valued RDNs in the given order: OU, then x500UniqueIdentifier (BIT STRING of the EUI), then CN.</summary>
    public static X500DistinguishedName Name(string? ou, ulong? eui, string? cn)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            if (ou is not null) Rdn(w, OrganisationalUnitOid, v => v.WriteCharacterString(UniversalTagNumber.UTF8String, ou));
            if (eui is { } e) Rdn(w, UniqueIdentifierOid, v => v.WriteBitString(EuiBytes(e)));
            if (cn is not null) Rdn(w, CommonNameOid, v => v.WriteCharacterString(UniversalTagNumber.UTF8String, cn));
        }
        return new X500DistinguishedName(w.Encode());
    }

    /// <summary>Critical subjectAltName: otherName hardwareModuleName {hwType, hwSerialNum = EUI} (RFC 4108).</summary>
    public static X509Extension HardwareModuleName(ulong eui)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
        {
            w.WriteObjectIdentifier(HardwareModuleNameOid);
            using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier(DeviceHardwareTypeOid);
                w.WriteOctetString(EuiBytes(eui));
            }
        }
        return new X509Extension("2.5.29.17", w.Encode(), critical: true);
    }

    /// <summary>Critical certificatePolicies with one policy OID.</summary>
    public static X509Extension Policies(string policyOid)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        using (w.PushSequence())
            w.WriteObjectIdentifier(policyOid);
        return new X509Extension("2.5.29.32", w.Encode(), critical: true);
    }

    /// <summary>
    /// The 8-octet key identifier SMKI requires (RFC 5280 §4.2.1.2 method 2): 0100 then the low 60 bits of the
    /// SHA-1 of the subjectPublicKey BIT STRING value.
    /// </summary>
    public static byte[] KeyIdentifier(PublicKey publicKey)
    {
        var hash = SHA1.HashData(publicKey.EncodedKeyValue.RawData);
        var id = hash[^8..];
        id[0] = (byte)(0x40 | (id[0] & 0x0F));
        return id;
    }

    /// <summary>The EUI-64 as 8 big-endian bytes.</summary>
    public static byte[] EuiBytes(ulong eui)
    {
        var b = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b, eui);
        return b;
    }

    private static void Rdn(AsnWriter w, string oid, Action<AsnWriter> value)
    {
        using (w.PushSetOf())
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier(oid);
            value(w);
        }
    }
}
