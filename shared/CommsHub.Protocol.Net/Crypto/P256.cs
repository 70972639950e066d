using System.Numerics;
using System.Security.Cryptography;

namespace CommsHub.Protocol.Net.Crypto;

/// <summary>
/// NIST P-256 (secp256r1) domain constants and public-point checks. We validate peer points ourselves, with
/// plain arithmetic on public data, instead of relying on what a particular OpenSSL/CNG build happens to check
/// on import: GBCS takes peer keys off the wire, and an unchecked point opens invalid-curve attacks on ECDH.
/// </summary>
public static class P256
{
    /// <summary>Length of a coordinate or scalar in bytes.</summary>
    public const int FieldLength = 32;

    /// <summary>Length of an uncompressed SEC1 point <c>04 || X || Y</c>.</summary>
    public const int UncompressedPointLength = 1 + 2 * FieldLength;

    /// <summary>Length of a compressed SEC1 point <c>02|03 || X</c>.</summary>
    public const int CompressedPointLength = 1 + FieldLength;

    /// <summary>OID of the named curve (prime256v1 / secp256r1).</summary>
    public const string CurveOid = "1.2.840.10045.3.1.7";

    /// <summary>OID of id-ecPublicKey, the SPKI algorithm for EC keys.</summary>
    public const string EcPublicKeyOid = "1.2.840.10045.2.1";

    /// <summary>Field prime p.</summary>
    public static readonly BigInteger P = Parse("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF");

    /// <summary>Group order n.</summary>
    public static readonly BigInteger N = Parse("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");

    /// <summary>Curve coefficient b (a = -3).</summary>
    public static readonly BigInteger B = Parse("5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B");

    /// <summary>The curve as .NET names it, for ECParameters.</summary>
    public static ECCurve Curve => ECCurve.NamedCurves.nistP256;

    /// <summary>
    /// True when <paramref name="point"/> is a 65-byte uncompressed point with both coordinates below p that
    /// satisfies y² = x³ − 3x + b. The point at infinity has no uncompressed encoding, so it is rejected too;
    /// since P-256 has cofactor 1, every such point has order n.
    /// </summary>
    public static bool IsValidUncompressedPoint(ReadOnlySpan<byte> point)
    {
        if (point.Length != UncompressedPointLength || point[0] != 0x04) return false;
        var x = ToInteger(point.Slice(1, FieldLength));
        var y = ToInteger(point.Slice(1 + FieldLength, FieldLength));
        if (x >= P || y >= P) return false;
        return BigInteger.ModPow(y, 2, P) == CurveRightHandSide(x);
    }

    /// <summary>
    /// Turns a SEC1 point (uncompressed, or compressed 02/03) into the 65-byte uncompressed form, checking it is
    /// on the curve. Returns false for anything else (hybrid 06/07 forms, infinity, wrong lengths, x with no root).
    /// </summary>
    public static bool TryNormalizePoint(ReadOnlySpan<byte> encoded, out byte[] uncompressed)
    {
        uncompressed = Array.Empty<byte>();
        if (encoded.Length == UncompressedPointLength)
        {
            if (!IsValidUncompressedPoint(encoded)) return false;
            uncompressed = encoded.ToArray();
            return true;
        }
        if (encoded.Length != CompressedPointLength || (encoded[0] != 0x02 && encoded[0] != 0x03)) return false;
        var x = ToInteger(encoded.Slice(1));
        if (x >= P) return false;
        var rhs = CurveRightHandSide(x);
        // p ≡ 3 (mod 4), so a square root, when one exists, is rhs^((p+1)/4).
        var y = BigInteger.ModPow(rhs, (P + 1) / 4, P);
        if (BigInteger.ModPow(y, 2, P) != rhs) return false;
        bool wantOdd = encoded[0] == 0x03;
        if (!y.IsEven != wantOdd) y = (P - y) % P;
        var result = new byte[UncompressedPointLength];
        result[0] = 0x04;
        encoded.Slice(1).CopyTo(result.AsSpan(1));
        WriteFixed(y, result.AsSpan(1 + FieldLength, FieldLength));
        uncompressed = result;
        return true;
    }

    /// <summary>True when a 32-byte big-endian value is in [1, n−1] (a valid scalar, or an ECDSA r or s).</summary>
    public static bool IsScalarInRange(ReadOnlySpan<byte> value)
    {
        // Byte-wise compare against n: no BigInteger, so the per-signature check allocates nothing.
        if (value.Length != FieldLength) return false;
        if (value.IndexOfAnyExcept((byte)0) < 0) return false;
        return value.SequenceCompareTo(OrderBytes) < 0;
    }

    private static readonly byte[] OrderBytes = Convert.FromHexString("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");

    /// <summary>The public ECParameters of an already validated uncompressed point.</summary>
    internal static ECParameters PublicParameters(ReadOnlySpan<byte> uncompressed) => new()
    {
        Curve = Curve,
        Q = new ECPoint
        {
            X = uncompressed.Slice(1, FieldLength).ToArray(),
            Y = uncompressed.Slice(1 + FieldLength, FieldLength).ToArray(),
        },
    };

    /// <summary>Encodes an ECPoint from .NET as 04 || X || Y.</summary>
    internal static byte[] Encode(ECPoint q)
    {
        if (q.X is not { Length: FieldLength } || q.Y is not { Length: FieldLength })
            throw new CryptographicException("not a P-256 point");
        var r = new byte[UncompressedPointLength];
        r[0] = 0x04;
        q.X.CopyTo(r, 1);
        q.Y.CopyTo(r, 1 + FieldLength);
        return r;
    }

    private static BigInteger CurveRightHandSide(BigInteger x)
    {
        var r = (BigInteger.ModPow(x, 3, P) - 3 * x + B) % P;
        return r.Sign < 0 ? r + P : r;
    }

    private static BigInteger ToInteger(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    private static BigInteger Parse(string hex) => ToInteger(Convert.FromHexString(hex));

    private static void WriteFixed(BigInteger value, Span<byte> destination)
    {
        destination.Clear();
        int len = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(destination.Slice(destination.Length - len), out _, isUnsigned: true, isBigEndian: true);
    }
}
