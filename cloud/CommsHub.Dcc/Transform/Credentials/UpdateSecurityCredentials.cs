using CommsHub.Dcc.Transforms.Chf;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Dcc.Transforms.Credentials;

/// <summary>A trust anchor cell: the remote party role, key usage and cell usage (management, or prepayment top-up).</summary>
internal sealed record TrustAnchorCell(int Role, KeyUsage Usage, bool PrepaymentTopUp = false);

/// <summary>One certificate, the trust anchor cell it replaces, and the DUIS element that carried it (for refusals).</summary>
internal sealed record TrustAnchorReplacement(byte[] Certificate, TrustAnchorCell Target, string Element = "");

/// <summary>A remote party's new floor sequence numbers (management, and prepayment top-up when given).</summary>
internal sealed record RemotePartySeqNumberChange(int Role, long FloorSeqNumber, long? PrepaymentTopUpFloorSeqNumber);

/// <summary>
/// The CS02b / CS02g Update Security Credentials command (GBCS 13; the structure gbcs-parser decodes RTDS with):
/// <code>
/// SEQUENCE {
///   authorisingRemotePartyControl SEQUENCE {
///     credentialsReplacementMode INTEGER,
///     plainApplyTimeBasedCPVChecks [1] INTEGER { apply(0), disapply(1) } DEFAULT apply,
///     authorisingRemotePartyTACellIdentifier [2] TrustAnchorCellIdentifier OPTIONAL,
///     authorisingRemotePartySeqNumber [3] INTEGER,
///     newRemotePartyFloorSeqNumber [4] INTEGER OPTIONAL,
///     newRemotePartySpecialistFloorSeqNumber [5] SEQUENCE OF SEQUENCE { usage INTEGER (0 top-up), seq INTEGER } OPTIONAL,
///     otherRemotePartySeqNumberChanges [6] SEQUENCE OF SEQUENCE { role, floor, SEQUENCE OF specialist OPTIONAL } OPTIONAL },
///   replacements SEQUENCE OF SEQUENCE { Certificate, TrustAnchorCellIdentifier },
///   certificationPathCertificates SEQUENCE OF Certificate,
///   executionDateTime GeneralizedTime OPTIONAL }
/// </code>
/// Certificates are copied as given (DER).
/// </summary>
internal sealed record UpdateSecurityCredentials
{
    /// <summary>CredentialsReplacementMode: 2 supplier by supplier, 3 NO by NO, 4 ACB by ACB, 7 supplier by TransCoS, 11 load controller by supplier.</summary>
    public required int Mode { get; init; }

    /// <summary>True when the request disapplies the time-based certification path checks (DUIS ApplyTimeBasedCPVChecks false).</summary>
    public bool DisapplyTimeBasedCpvChecks { get; init; }

    /// <summary>The cell whose key authorises the command (absent for the ACB, which authorises by the MAC).</summary>
    public TrustAnchorCell? AuthorisingCell { get; init; }

    /// <summary>The authorising party's sequence number: the command's originator counter.</summary>
    public required long AuthorisingSeqNumber { get; init; }

    /// <summary>The authorising party's own new floor, when it replaces its own credentials.</summary>
    public long? NewFloorSeqNumber { get; init; }

    /// <summary>The authorising party's own new prepayment top-up floor.</summary>
    public long? NewPrepaymentTopUpFloorSeqNumber { get; init; }

    /// <summary>Another party's new floors (the party whose credentials are replaced on its behalf).</summary>
    public RemotePartySeqNumberChange? OtherChange { get; init; }

    /// <summary>The replacements, in the request's order.</summary>
    public required IReadOnlyList<TrustAnchorReplacement> Replacements { get; init; }

    /// <summary>The certification path certificates (the issuing CA's).</summary>
    public required IReadOnlyList<byte[]> CertificationPath { get; init; }

    /// <summary>GeneralizedTime text of a device-held future-dated execution, or null.</summary>
    public string? ExecutionDateTime { get; init; }

    // Context tags of the authorising remote party control (implicit: primitive 0x8n, constructed 0xAn).
    private const int ApplyChecksTag = 0x81, AuthorisingCellTag = 0xA2, SeqNumberTag = 0x83, FloorTag = 0x84,
        SpecialistFloorTag = 0xA5, OtherChangesTag = 0xA6;
    private const int PrepaymentTopUpUsage = 0;

    /// <summary>The DER encoding.</summary>
    public byte[] Encode()
    {
        var control = Concat(
            Integer(Mode),
            DisapplyTimeBasedCpvChecks ? Integer(1, ApplyChecksTag) : [],
            AuthorisingCell is { } cell ? Cell(cell, AuthorisingCellTag) : [],
            Integer(AuthorisingSeqNumber, SeqNumberTag),
            NewFloorSeqNumber is { } floor ? Integer(floor, FloorTag) : [],
            NewPrepaymentTopUpFloorSeqNumber is { } topUp ? Tlv(SpecialistFloorTag, Specialist(topUp)) : [],
            OtherChange is { } other ? Tlv(OtherChangesTag, Tlv(DerTag.Sequence, Concat(
                Integer(other.Role), Integer(other.FloorSeqNumber),
                other.PrepaymentTopUpFloorSeqNumber is { } p ? Tlv(DerTag.Sequence, Specialist(p)) : []))) : []);
        var replacements = Concat(Replacements.Select(r => Tlv(DerTag.Sequence, Concat(r.Certificate, Cell(r.Target, DerTag.Sequence)))).ToArray());
        return Tlv(DerTag.Sequence, Concat(
            Tlv(DerTag.Sequence, control),
            Tlv(DerTag.Sequence, replacements),
            Tlv(DerTag.Sequence, Concat(CertificationPath.ToArray())),
            ExecutionDateTime is { } when ? Time(when) : []));
    }

    private static byte[] Specialist(long seq) => Tlv(DerTag.Sequence, Concat(Integer(PrepaymentTopUpUsage), Integer(seq)));

    private static byte[] Cell(TrustAnchorCell cell, int tag)
    {
        var w = new ByteWriter();
        var d = new DerWriter(w);
        d.WriteInteger(cell.Role);
        SecurityCredentialsAsn1.WriteKeyUsage(d, cell.Usage);
        // cellUsage DEFAULT management: only prepayment top-up is written.
        if (cell.PrepaymentTopUp) d.WriteInteger(1);
        return Tlv(tag, w.ToArray());
    }

    // An INTEGER, implicitly retagged when a context tag is given (the content octets are the same).
    private static byte[] Integer(long value, int tag = DerTag.Integer)
    {
        var w = new ByteWriter();
        new DerWriter(w).WriteInteger(value);
        var b = w.ToArray();
        b[0] = (byte)tag;
        return b;
    }

    private static byte[] Time(string text)
    {
        var w = new ByteWriter();
        new DerWriter(w).WriteGeneralizedTime(text);
        return w.ToArray();
    }

    private static byte[] Tlv(int tag, byte[] content)
    {
        var w = new ByteWriter(content.Length + 4);
        w.WriteByte(tag);
        w.WriteLength(content.Length, 0);
        w.WriteBytes(content);
        return w.ToArray();
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
