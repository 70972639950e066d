using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Host.Simulation.Credentials;

/// <summary>
/// A meter's side of CS02b Update Security Credentials (message codes 0x0100..0x0109) and CS02g (0x0124..0x0126):
/// each replacement's certificate goes into its target trust anchor cell (<see cref="TrustAnchorCells"/>). An
/// immediate command answers <c>SEQUENCE { NULL commandAccepted, executionOutcome }</c> with, per replacement, the
/// cell, a status and the existing and replacing subject IDs; a future-dated one answers the bare acknowledgement and is
/// held pending, and the execution time 9999-12-31 23:59:59 cancels it.
/// </summary>
public sealed class UpdateSecurityCredentials
{
    /// <summary>Status: the anchor was replaced.</summary>
    public const int Success = 0;

    /// <summary>Status: the certificate does not parse, or its key usage or key is not the target cell's.</summary>
    public const int BadCertificate = 5;

    private const string Cancellation = "99991231235959Z";
    private static readonly Asn1Tag ApplyTimeBasedCpvChecks = new(TagClass.ContextSpecific, 1);
    private static readonly Asn1Tag AuthorisingCell = new(TagClass.ContextSpecific, 2, true);
    private static readonly Asn1Tag AuthorisingSeqNumber = new(TagClass.ContextSpecific, 3);
    private static readonly Asn1Tag NewFloorSeqNumber = new(TagClass.ContextSpecific, 4);
    private static readonly Asn1Tag NewSpecialistFloor = new(TagClass.ContextSpecific, 5, true);
    private static readonly Asn1Tag OtherSeqNumberChanges = new(TagClass.ContextSpecific, 6, true);

    private readonly TrustAnchorCells _cells;
    private byte[]? _pending;

    /// <summary>Updates acting on <paramref name="cells"/>.</summary>
    public UpdateSecurityCredentials(TrustAnchorCells cells) => _cells = cells;

    /// <summary>The pending future-dated command's content, or null.</summary>
    public bool HasPending => _pending is not null;

    /// <summary>True for the message codes this use case answers.</summary>
    public static bool Handles(int messageCode) => messageCode is >= 0x0100 and <= 0x0109 or >= 0x0124 and <= 0x0126;

    /// <summary>The response payload, or null when <paramref name="command"/> is not a credentials update.</summary>
    /// <exception cref="GbcsFormatException">the payload is not an Update Security Credentials command.</exception>
    public byte[]? Answer(GbcsMessage command)
    {
        if (!Handles(command.MessageCode)) return null;
        try
        {
            return Execute(command.Buffer.AsMemory(command.ContentOffset, command.ContentLength));
        }
        catch (AsnContentException e)
        {
            throw new GbcsFormatException(GbcsErrorCode.UnexpectedTag, command.ContentOffset, "update security credentials command: " + e.Message);
        }
    }

    private byte[] Execute(ReadOnlyMemory<byte> content)
    {
        var outer = new AsnReader(content, AsnEncodingRules.DER);
        var body = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var control = body.ReadSequence();
        var replacements = body.ReadSequence();
        body.ReadSequence(); // certification path certificates: the chain to the root (not checked by the simulation)
        string? executionTime = body.HasData ? body.ReadGeneralizedTime().UtcDateTime.ToString("yyyyMMddHHmmss") + "Z" : null;
        body.ThrowIfNotEmpty();

        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteNull();
            if (executionTime is null) WriteOutcome(w, control, replacements);
            // A future-dated update waits for its time; the cancellation time withdraws the one pending.
            else _pending = executionTime == Cancellation ? null : content.ToArray();
        }
        return w.Encode();
    }

    private void WriteOutcome(AsnWriter w, AsnReader control, AsnReader replacements)
    {
        long mode = (long)control.ReadInteger();
        if (control.PeekTag().HasSameClassAndValue(ApplyTimeBasedCpvChecks)) control.ReadEncodedValue();
        if (control.PeekTag().HasSameClassAndValue(AuthorisingCell)) control.ReadEncodedValue();
        long seq = (long)control.ReadInteger(AuthorisingSeqNumber);
        long? floor = null;
        AsnReader? specialist = null, otherChanges = null;
        while (control.HasData)
        {
            var tag = control.PeekTag();
            if (tag.HasSameClassAndValue(NewFloorSeqNumber)) floor = (long)control.ReadInteger(NewFloorSeqNumber);
            else if (tag.HasSameClassAndValue(NewSpecialistFloor)) specialist = control.ReadSequence(NewSpecialistFloor);
            else if (tag.HasSameClassAndValue(OtherSeqNumberChanges)) otherChanges = control.ReadSequence(OtherSeqNumberChanges);
            else control.ReadEncodedValue();
        }

        var outcomes = new List<(TrustAnchorCellId Cell, ReadOnlyMemory<byte> CellBytes, int Status, TrustAnchor? Existing, TrustAnchor? Replacing)>();
        while (replacements.HasData)
        {
            var r = replacements.ReadSequence();
            var certificate = r.ReadEncodedValue();
            var cellBytes = r.ReadEncodedValue();
            outcomes.Add(Replace(certificate, cellBytes));
        }

        using (w.PushSequence())
        {
            w.WriteInteger(seq);
            w.WriteInteger(mode);
            using (w.PushSequence())
            {
                // The replaced party's sequence-number floors change when the command sets a new one.
                if (floor is { } f && outcomes.Count > 0)
                {
                    using (w.PushSequence())
                    {
                        w.WriteInteger(outcomes[0].Cell.Role);
                        w.WriteInteger(f);
                        if (specialist is not null) WriteSequenceOf(w, specialist);
                    }
                }
                // Other parties' floors the command sets ([6], e.g. the supplier's under Supplier by TransCoS).
                while (otherChanges is not null && otherChanges.HasData) w.WriteEncodedValue(otherChanges.ReadEncodedValue().Span);
            }
            using (w.PushSequence())
            {
                foreach (var o in outcomes)
                {
                    using (w.PushSequence())
                    {
                        w.WriteEncodedValue(o.CellBytes.Span);
                        w.WriteEncodedValue([0x0A, 0x01, (byte)o.Status]);
                        WriteIds(w, o.Existing);
                        WriteIds(w, o.Status == Success ? o.Replacing : o.Existing);
                    }
                }
            }
        }
    }

    // The command carries the specialist floors as [5] IMPLICIT SEQUENCE OF; the outcome as a plain SEQUENCE OF.
    private static void WriteSequenceOf(AsnWriter w, AsnReader items)
    {
        using (w.PushSequence())
        {
            while (items.HasData) w.WriteEncodedValue(items.ReadEncodedValue().Span);
        }
    }

    private (TrustAnchorCellId, ReadOnlyMemory<byte>, int, TrustAnchor?, TrustAnchor?) Replace(ReadOnlyMemory<byte> certificate, ReadOnlyMemory<byte> cellBytes)
    {
        var cell = ReadCell(cellBytes);
        var replacing = Anchor(certificate, cell.Usage);
        var existing = _cells.Held(cell, replacing?.SubjectUniqueId ?? 0);
        if (replacing is null) return (cell, cellBytes, BadCertificate, existing, null);
        _cells.Install(cell, replacing);
        return (cell, cellBytes, Success, existing, replacing);
    }

    private static void WriteIds(AsnWriter w, TrustAnchor? anchor)
    {
        var eui = new byte[8];
        if (anchor is not null) System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(eui, anchor.SubjectUniqueId);
        w.WriteOctetString(eui);
        w.WriteOctetString(anchor?.SubjectKeyId ?? []);
    }

    // TrustAnchorCellIdentifier ::= SEQUENCE { remotePartyRole INTEGER, keyUsage BIT STRING, cellUsage INTEGER DEFAULT 0 }.
    private static TrustAnchorCellId ReadCell(ReadOnlyMemory<byte> bytes)
    {
        var s = new AsnReader(bytes, AsnEncodingRules.DER).ReadSequence();
        int role = (int)s.ReadInteger();
        // KeyUsage bits as X.509 numbers them: bit 0 digitalSignature (0x80 of the first byte), bit 4 keyAgreement (0x08).
        var bits = s.ReadBitString(out _);
        int cellUsage = s.HasData ? (int)s.ReadInteger() : 0;
        s.ThrowIfNotEmpty();
        return new TrustAnchorCellId(role, bits.Length > 0 && (bits[0] & 0x08) != 0 ? KeyUsage.KeyAgreement : KeyUsage.DigitalSignature, cellUsage);
    }

    // The anchor a certificate gives a cell of key usage <usage>, or null when it is unfit (a real device rejects it).
    private static TrustAnchor? Anchor(ReadOnlyMemory<byte> der, KeyUsage usage)
    {
        X509Certificate2 cert;
        try
        {
            cert = X509CertificateLoader.LoadCertificate(der.Span);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        using (cert)
        {
            var ku = cert.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault()?.KeyUsages ?? X509KeyUsageFlags.None;
            bool fits = usage == KeyUsage.KeyAgreement ? ku.HasFlag(X509KeyUsageFlags.KeyAgreement) : ku.HasFlag(X509KeyUsageFlags.DigitalSignature);
            var key = cert.PublicKey.EncodedKeyValue.RawData;
            var ski = cert.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault();
            if (!fits || key.Length != 65 || key[0] != 0x04 || SubjectUniqueId(cert) is not { } eui) return null;
            return new TrustAnchor(eui, ski is null ? TrustAnchorCells.SubjectKeyIdOf(key) : ski.SubjectKeyIdentifierBytes.ToArray(), key);
        }
    }

    // SMKI Organisation certificates name the party's entity ID in the subject's x500UniqueIdentifier (2.5.4.45).
    private static ulong? SubjectUniqueId(X509Certificate2 cert)
    {
        foreach (var rdn in cert.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.GetSingleElementType().Value != "2.5.4.45") continue;
            var set = new AsnReader(rdn.RawData, AsnEncodingRules.DER).ReadSetOf();
            var attr = set.ReadSequence();
            attr.ReadObjectIdentifier();
            var tag = attr.PeekTag();
            byte[] value = tag.HasSameClassAndValue(Asn1Tag.PrimitiveBitString) ? attr.ReadBitString(out _) : attr.ReadOctetString();
            if (value.Length == 8) return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(value);
        }
        return null;
    }
}
