using System.Security.Cryptography;
using CommsHub.Protocol.Crypto;

namespace CommsHub.Protocol.Net.Crypto;

/// <summary>
/// A P-256 private key held in System.Security.Cryptography objects. The ECDsa and ECDiffieHellman objects are
/// created once here so signing and key agreement do not re-import the scalar on every message. The scalar is
/// never exposed and <see cref="ToString"/> shows only the public key.
/// </summary>
public sealed class NetPrivateKey : IGbcsPrivateKey, IDisposable
{
    private const string Pkcs8PemLabel = "PRIVATE KEY";

    private readonly byte[] _publicKey;

    // .NET does not document ECDsa/ECDiffieHellman instances as safe for concurrent use, so callers that share a
    // key across threads take this lock around each operation (NetGbcsCrypto does). Operations are short.
    internal readonly object Sync = new();

    private NetPrivateKey(ECParameters parameters)
    {
        if (!IsP256(parameters.Curve))
            throw new CryptographicException("the key is not on curve P-256 (prime256v1)");
        if (parameters.D is not { Length: P256.FieldLength } d || !P256.IsScalarInRange(d))
            throw new CryptographicException("not a P-256 private scalar in [1, n-1]");
        // Re-create from the scalar alone on the named curve so any Q that came with the input is recomputed and
        // cannot disagree with D (a PKCS#8 file may carry a stale or forged public key).
        var clean = new ECParameters { Curve = P256.Curve, D = d };
        Ecdsa = ECDsa.Create(clean);
        Ecdh = ECDiffieHellman.Create(clean);
        _publicKey = P256.Encode(Ecdsa.ExportParameters(false).Q);
        CryptographicOperations.ZeroMemory(d);
    }

    /// <inheritdoc />
    /// <remarks>A copy: callers may keep or change it without affecting the key.</remarks>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>The public key without copying, for internal cache keys.</summary>
    internal ReadOnlySpan<byte> PublicKeySpan => _publicKey;

    internal ECDsa Ecdsa { get; }

    internal ECDiffieHellman Ecdh { get; }

    /// <summary>Loads a PKCS#8 "PRIVATE KEY" PEM (the RTDS/DCC Boxed keystore format).</summary>
    /// <exception cref="CryptographicException">No PKCS#8 block, bad encoding, or not a P-256 key.</exception>
    public static NetPrivateKey FromPkcs8Pem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] is not Pkcs8PemLabel)
            throw new CryptographicException("no '-----BEGIN PRIVATE KEY-----' (PKCS#8) block found");
        byte[] der = Convert.FromBase64String(pem[fields.Base64Data].ToString());
        try
        {
            return FromPkcs8Der(der);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>Loads a PKCS#8 PrivateKeyInfo in DER (as the DCC signing tool ships its keys).</summary>
    /// <exception cref="CryptographicException">Bad encoding, trailing bytes, or not a P-256 key.</exception>
    public static NetPrivateKey FromPkcs8Der(ReadOnlySpan<byte> der)
    {
        using var ec = ECDsa.Create();
        ec.ImportPkcs8PrivateKey(der, out int read);
        if (read != der.Length)
            throw new CryptographicException($"{der.Length - read} unexpected bytes after the PKCS#8 structure");
        return new NetPrivateKey(ec.ExportParameters(true));
    }

    /// <summary>Creates a key from a raw 32-byte big-endian scalar d in [1, n−1] (GBCS 18.4 test keys are given so).</summary>
    public static NetPrivateKey FromScalar(ReadOnlySpan<byte> d)
    {
        if (d.Length != P256.FieldLength)
            throw new CryptographicException($"a P-256 scalar is {P256.FieldLength} bytes, got {d.Length}");
        return new NetPrivateKey(new ECParameters { Curve = P256.Curve, D = d.ToArray() });
    }

    /// <summary>Generates a fresh random key (tests, ephemeral identities).</summary>
    public static NetPrivateKey Generate()
    {
        using var ec = ECDsa.Create(P256.Curve);
        return new NetPrivateKey(ec.ExportParameters(true));
    }

    /// <summary>Shows the curve and the start of the public key only; never the private scalar.</summary>
    public override string ToString() => $"NetPrivateKey(P-256, public {Convert.ToHexString(_publicKey, 1, 8)}…)";

    /// <summary>Releases the native key handles.</summary>
    public void Dispose()
    {
        Ecdsa.Dispose();
        Ecdh.Dispose();
    }

    private static bool IsP256(ECCurve curve)
    {
        if (!curve.IsNamed) return false;
        if (curve.Oid.Value == P256.CurveOid) return true;
        // Some platforms fill only the friendly name.
        return curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "prime256v1" or "secp256r1";
    }
}
