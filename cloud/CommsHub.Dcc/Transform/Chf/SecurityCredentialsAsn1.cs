using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Transforms.Chf;

/// <summary>
/// The GBCS security-credential ASN.1 building blocks (GBCS 13, CS02): remote party roles, the KeyUsage BIT STRING
/// (X.509 bit 0 digitalSignature, bit 4 keyAgreement) and the trust anchor cell identifier
/// <c>SEQUENCE { remotePartyRole INTEGER, keyUsage KeyUsage, cellUsage DEFAULT management }</c>.
/// </summary>
internal static class SecurityCredentialsAsn1
{
    /// <summary>GBCS RemotePartyRole of the ACB.</summary>
    public const int AccessControlBroker = 4;

    /// <summary>The GBCS RemotePartyRole of a DUIS sr:RemotePartyRole value.</summary>
    public static int RoleOf(string duis) => duis switch
    {
        "Root" => 0,
        "Recovery" => 1,
        "Supplier" => 2,
        "NetworkOperator" => 3,
        "AccessControlBroker" => AccessControlBroker,
        "TransitionalCoS" => 5,
        "WANProvider" => 6,
        "IssuingAuthority" => 7,
        "LoadController" => 8,
        _ => throw DuisBody.Invalid($"sr:RemotePartyRole '{duis}' is not a GBCS remote party role"),
    };

    /// <summary>The KeyUsage of a DUIS sr:CredentialType ("Digital Signature" or "Key Agreement").</summary>
    public static KeyUsage KeyUsageOf(string duis) => duis switch
    {
        "Digital Signature" => KeyUsage.DigitalSignature,
        "Key Agreement" => KeyUsage.KeyAgreement,
        _ => throw DuisBody.Invalid($"sr:CredentialType '{duis}' is neither 'Digital Signature' nor 'Key Agreement'"),
    };

    /// <summary>Writes the KeyUsage BIT STRING: one byte, the unused trailing bits counted.</summary>
    public static void WriteKeyUsage(DerWriter d, KeyUsage usage)
    {
        // digitalSignature is X.509 bit 0 (0x80, 7 unused bits); keyAgreement bit 4 (0x08, 3 unused bits).
        var (unused, bits) = usage == KeyUsage.DigitalSignature ? (7, 0x80) : (3, 0x08);
        d.Output.WriteBytes([0x03, 0x02, (byte)unused, (byte)bits]);
    }

    /// <summary>Writes a trust anchor cell identifier (cellUsage left at its DEFAULT, management).</summary>
    public static void WriteCellIdentifier(DerWriter d, int role, KeyUsage usage)
    {
        d.BeginSequence();
        d.WriteInteger(role);
        WriteKeyUsage(d, usage);
        d.EndSequence();
    }
}

/// <summary>The two key usages GBCS credentials have.</summary>
internal enum KeyUsage
{
    /// <summary>Digital signature (X.509 bit 0).</summary>
    DigitalSignature,
    /// <summary>Key agreement (X.509 bit 4).</summary>
    KeyAgreement,
}
