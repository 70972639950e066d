using System.Formats.Asn1;

namespace CommsHub.Protocol.Net.Crypto;

/// <summary>
/// Converts ECDSA P-256 signatures between DER (<c>SEQUENCE { INTEGER r, INTEGER s }</c>, as X.509 and some
/// tools produce) and the 64-byte raw r||s that GBCS carries. The DER reader is strict: a signature has exactly
/// one valid encoding, so anything else (BER forms, padding, extra bytes) is refused rather than "repaired".
/// </summary>
public static class EcdsaSignatureEncoding
{
    /// <summary>Length of a raw P-256 signature r||s.</summary>
    public const int RawLength = 2 * P256.FieldLength;

    /// <summary>
    /// Parses a DER signature into raw r||s. Returns false for: non-DER lengths or tags, non-minimal or negative
    /// integers, bytes after the sequence or inside it after s, and r or s outside [1, n−1].
    /// </summary>
    public static bool TryDerToRaw(ReadOnlySpan<byte> der, Span<byte> raw)
    {
        if (raw.Length != RawLength) throw new ArgumentException($"destination must be {RawLength} bytes", nameof(raw));
        try
        {
            // AsnValueReader is not public; AsnReader needs the bytes in a ReadOnlyMemory.
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            if (!TryReadComponent(sequence, raw.Slice(0, P256.FieldLength))) return false;
            if (!TryReadComponent(sequence, raw.Slice(P256.FieldLength))) return false;
            sequence.ThrowIfNotEmpty();
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>Encodes a raw 64-byte r||s as DER. Throws when r or s is outside [1, n−1].</summary>
    public static byte[] RawToDer(ReadOnlySpan<byte> raw)
    {
        if (raw.Length != RawLength) throw new ArgumentException($"a raw signature is {RawLength} bytes", nameof(raw));
        var r = raw.Slice(0, P256.FieldLength);
        var s = raw.Slice(P256.FieldLength);
        if (!P256.IsScalarInRange(r) || !P256.IsScalarInRange(s))
            throw new ArgumentException("r and s must be in [1, n-1]", nameof(raw));
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            // WriteIntegerUnsigned wants the minimal magnitude (it adds the 00 for a set top bit itself).
            writer.WriteIntegerUnsigned(r.TrimStart((byte)0));
            writer.WriteIntegerUnsigned(s.TrimStart((byte)0));
        }
        return writer.Encode();
    }

    private static bool TryReadComponent(AsnReader sequence, Span<byte> destination)
    {
        // ReadIntegerBytes already rejects non-minimal encodings (X.690 8.3.2); the checks below are ours.
        var bytes = sequence.ReadIntegerBytes().Span;
        if (bytes.Length == 0 || (bytes[0] & 0x80) != 0) return false; // negative
        if (bytes.Length > 1 && bytes[0] == 0x00 && (bytes[1] & 0x80) == 0) return false; // redundant leading zero
        if (bytes[0] == 0x00) bytes = bytes.Slice(1);
        if (bytes.Length > P256.FieldLength) return false;
        destination.Clear();
        bytes.CopyTo(destination.Slice(P256.FieldLength - bytes.Length));
        return P256.IsScalarInRange(destination);
    }
}
