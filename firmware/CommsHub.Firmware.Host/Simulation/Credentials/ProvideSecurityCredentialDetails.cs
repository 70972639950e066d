using System.Formats.Asn1;
using CommsHub.Firmware.Host.Simulation.Faults;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Host.Simulation.Credentials;

/// <summary>
/// A meter's side of CS02a (0x0008) and CS02f (0x011B) Provide Security Credential Details: for each remote party role
/// asked for, what its trust anchor cells hold (key usage, cell usage, subject unique ID and key ID), or the status
/// Trust Anchor Not Found. Under an armed <see cref="CommandFault"/> the role at the fault's step is answered not found.
/// </summary>
public sealed class ProvideSecurityCredentialDetails
{
    /// <summary>Message code of CS02a Provide Security Credentials Details.</summary>
    public const int Cs02a = 0x0008;

    /// <summary>Message code of CS02f (the RTDS CS02fMAC/CS02fSignature use case).</summary>
    public const int Cs02f = 0x011B;

    /// <summary>Status: no anchor held for the role.</summary>
    public const int TrustAnchorNotFound = 25;

    private readonly TrustAnchorCells _cells;

    /// <summary>Details of <paramref name="cells"/>.</summary>
    public ProvideSecurityCredentialDetails(TrustAnchorCells cells) => _cells = cells;

    /// <summary>The response payload, or null when <paramref name="command"/> is not CS02a/CS02f.</summary>
    /// <exception cref="GbcsFormatException">the payload is not a Provide Security Credential Details command.</exception>
    public byte[]? Answer(GbcsMessage command, CommandFault? fault)
    {
        if (command.MessageCode is not (Cs02a or Cs02f)) return null;
        try
        {
            return Details(command.Buffer.AsMemory(command.ContentOffset, command.ContentLength), fault);
        }
        catch (AsnContentException e)
        {
            throw new GbcsFormatException(GbcsErrorCode.UnexpectedTag, command.ContentOffset, "provide security credential details command: " + e.Message);
        }
    }

    // SEQUENCE { authorisingRemotePartyTACellIdentifier, remotePartyRolesCredentialsRequired SEQUENCE OF INTEGER }.
    private byte[] Details(ReadOnlyMemory<byte> content, CommandFault? fault)
    {
        var outer = new AsnReader(content, AsnEncodingRules.DER);
        var body = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        body.ReadSequence();
        var rolesReader = body.ReadSequence();
        body.ThrowIfNotEmpty();
        var roles = new List<int>();
        while (rolesReader.HasData) roles.Add((int)rolesReader.ReadInteger());
        int faulted = fault is null ? -1 : CommandFault.Resolve(fault.Step, roles.Count);

        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            for (int i = 0; i < roles.Count; i++)
            {
                var held = i == faulted ? [] : _cells.HeldBy(roles[i]);
                using (w.PushSequence())
                {
                    w.WriteInteger(roles[i]);
                    w.WriteEncodedValue([0x0A, 0x01, (byte)(held.Count == 0 ? TrustAnchorNotFound : 0)]);
                    if (held.Count == 0) continue;
                    // The meter keeps no sequence-number floors of its own yet: it reports the initial 0.
                    w.WriteInteger(0);
                    using (w.PushSequence())
                    {
                        foreach (var (cell, anchor) in held) WriteCell(w, cell, anchor);
                    }
                }
            }
        }
        return w.Encode();
    }

    // TrustAnchorCellContents ::= SEQUENCE { keyUsage BIT STRING, cellUsage INTEGER DEFAULT 0, subjectUniqueID, subjectKeyIdentifier }.
    private static void WriteCell(AsnWriter w, TrustAnchorCellId cell, TrustAnchor anchor)
    {
        using (w.PushSequence())
        {
            w.WriteEncodedValue(cell.Usage == KeyUsage.KeyAgreement ? [0x03, 0x02, 0x03, 0x08] : [0x03, 0x02, 0x07, 0x80]);
            if (cell.CellUsage != 0) w.WriteInteger(cell.CellUsage);
            var eui = new byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(eui, anchor.SubjectUniqueId);
            w.WriteOctetString(eui);
            w.WriteOctetString(anchor.SubjectKeyId);
        }
    }
}
