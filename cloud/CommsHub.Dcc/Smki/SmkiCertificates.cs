using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Protocol.Crypto;

namespace CommsHub.Dcc.Smki;

/// <summary>
/// Issues certificates in SMKI's shapes (GBCS.md §3.5, SEC-DCC.md §7): P-256 keys, ecdsa-with-SHA256, critical
/// KeyUsage with exactly one of digitalSignature / keyAgreement for end entities, critical certificatePolicies,
/// 8-octet subject and authority key identifiers. Organisation certificates name the party by OU = role code and
/// x500UniqueIdentifier = EUI; device certificates have an empty subject and a critical hardwareModuleName SAN.
/// For test rigs and demos only: nothing here is an accredited SMKI.
/// </summary>
public static class SmkiCertificates
{
    /// <summary>SMKI device certificates (and our CAs) never expire: notAfter 9999-12-31 23:59:59Z.</summary>
    public static readonly DateTimeOffset Forever = new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

    /// <summary>How long organisation certificates are valid (ZAZ1's are valid for 100 years).</summary>
    public static readonly int OrganisationYears = 100;

    /// <summary>A self-signed root CA: subject OU=00 (Root), CN=<paramref name="commonName"/>.</summary>
    public static X509Certificate2 CreateRoot(ECDsa key, string commonName, DateTimeOffset notBefore)
    {
        ArgumentNullException.ThrowIfNull(key);
        var name = SmkiAsn.Name(SmkiRoles.ToOu(SmkiRoles.Root), null, commonName);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        AddCaExtensions(request, pathLength: 1);
        // The root is identified by its role in the OU; SMKI gives it no authority key identifier.
        return request.Create(name, X509SignatureGenerator.CreateForECDsa(key), notBefore, Forever, NewSerial());
    }

    /// <summary>An issuing CA (OU=07, Issuing Authority) under <paramref name="root"/>.</summary>
    public static X509Certificate2 CreateIssuingCa(SmkiIssuer root, PublicKey subjectKey, string commonName, DateTimeOffset notBefore)
    {
        var name = SmkiAsn.Name(SmkiRoles.ToOu(SmkiRoles.IssuingAuthority), null, commonName);
        var request = new CertificateRequest(name, subjectKey, HashAlgorithmName.SHA256);
        AddCaExtensions(request, pathLength: 0);
        return Sign(root, request, notBefore, Forever);
    }

    /// <summary>An organisation certificate: subject OU = <paramref name="role"/> (hex), x500UniqueIdentifier = EUI, optional CN.</summary>
    public static X509Certificate2 IssueOrganisation(SmkiIssuer issuer, PublicKey subjectKey, ulong eui, byte role,
        KeyUsage usage, string? commonName, DateTimeOffset notBefore)
    {
        var request = new CertificateRequest(SmkiAsn.Name(SmkiRoles.ToOu(role), eui, commonName), subjectKey, HashAlgorithmName.SHA256);
        AddEndEntityExtensions(request, usage, SmkiAsn.OrganisationPolicyOid);
        return Sign(issuer, request, notBefore, notBefore.AddYears(OrganisationYears));
    }

    /// <summary>A device certificate: empty subject, critical SAN hardwareModuleName with hwSerialNum = EUI, never expires.</summary>
    public static X509Certificate2 IssueDevice(SmkiIssuer issuer, PublicKey subjectKey, ulong eui, KeyUsage usage, DateTimeOffset notBefore)
    {
        var request = new CertificateRequest(new X500DistinguishedName([0x30, 0x00]), subjectKey, HashAlgorithmName.SHA256);
        AddEndEntityExtensions(request, usage, SmkiAsn.DevicePolicyOid);
        request.CertificateExtensions.Add(SmkiAsn.HardwareModuleName(eui));
        return Sign(issuer, request, notBefore, Forever);
    }

    /// <summary>The key usage flag of a GBCS usage.</summary>
    public static X509KeyUsageFlags Flag(KeyUsage usage) => usage switch
    {
        KeyUsage.DigitalSignature => X509KeyUsageFlags.DigitalSignature,
        KeyUsage.KeyAgreement => X509KeyUsageFlags.KeyAgreement,
        _ => throw new ArgumentOutOfRangeException(nameof(usage), usage, "SMKI end-entity keys are DS or KA"),
    };

    private static void AddCaExtensions(CertificateRequest request, int pathLength)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, pathLength, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(SmkiAsn.KeyIdentifier(request.PublicKey), critical: false));
        request.CertificateExtensions.Add(SmkiAsn.Policies(SmkiAsn.OrganisationPolicyOid));
    }

    private static void AddEndEntityExtensions(CertificateRequest request, KeyUsage usage, string policyOid)
    {
        // One usage per key pair (SMKI): a key that signs never also agrees keys, and vice versa.
        request.CertificateExtensions.Add(new X509KeyUsageExtension(Flag(usage), critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(SmkiAsn.KeyIdentifier(request.PublicKey), critical: false));
        request.CertificateExtensions.Add(SmkiAsn.Policies(policyOid));
    }

    private static X509Certificate2 Sign(SmkiIssuer issuer, CertificateRequest request, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var issuerKeyId = SmkiAsn.KeyIdentifier(issuer.Certificate.PublicKey);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(issuerKeyId));
        return request.Create(issuer.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(issuer.Key),
            notBefore, notAfter, NewSerial());
    }

    /// <summary>A positive 128-bit serial (SMKI serials are 16 octets).</summary>
    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40); // positive, and no leading zero octet to strip
        return serial;
    }
}
