using System.Security.Cryptography;
using CommsHub.Protocol.Crypto;

namespace CommsHub.Protocol.Net.Crypto;

/// <summary>
/// <see cref="IGbcsCrypto"/> on System.Security.Cryptography (GBCS.md §3.1): SHA-256, ECDSA P-256 with raw
/// r||s, static-static ECDH returning the raw x-coordinate Z, and AES-128-GCM with a 12-byte IV and 12..16-byte
/// tags. Safe for concurrent use. Peer public keys are validated here (on-curve, not infinity, exact encoding)
/// and rejected with false, never an exception. ECDH results are cached per key pair (bounded).
/// </summary>
public sealed class NetGbcsCrypto : IGbcsCrypto
{
    /// <summary>Default bound of the ECDH secret cache: far more parties than a hub or an adapter shard talks to.</summary>
    public const int DefaultEcdhCacheCapacity = 4096;

    /// <summary>The only IV length GBCS uses (system title || 00000000, §3.1) and the only one AesGcm takes.</summary>
    public const int GcmIvLength = 12;

    /// <summary>AES-128 key length.</summary>
    public const int AesKeyLength = 16;

    /// <summary>Shortest GCM tag accepted (GBCS MACs are 12 bytes).</summary>
    public const int MinTagLength = 12;

    /// <summary>Longest GCM tag.</summary>
    public const int MaxTagLength = 16;

    private readonly EcdhSecretCache _ecdhCache;
    private readonly VerifierKeyCache _verifierKeys = new(1024);

    /// <summary>Creates an instance whose ECDH cache holds at most <paramref name="ecdhCacheCapacity"/> pairs (0 disables it).</summary>
    public NetGbcsCrypto(int ecdhCacheCapacity = DefaultEcdhCacheCapacity)
    {
        _ecdhCache = new EcdhSecretCache(ecdhCacheCapacity);
    }

    /// <summary>How many ECDH secrets are cached now (for diagnostics and tests; the secrets themselves are never exposed).</summary>
    public int CachedSecretCount => _ecdhCache.Count;

    /// <summary>Drops every cached ECDH secret, e.g. after a key is replaced.</summary>
    public void ClearSecretCache() => _ecdhCache.Clear();

    /// <inheritdoc />
    public void Sha256(byte[] data, int offset, int count, byte[] digest, int digestOffset) =>
        SHA256.HashData(data.AsSpan(offset, count), digest.AsSpan(digestOffset, SHA256.HashSizeInBytes));

    /// <inheritdoc />
    public void Sha256(byte[] first, int firstOffset, int firstCount, byte[] second, int secondOffset, int secondCount,
        byte[] digest, int digestOffset)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(first, firstOffset, firstCount);
        hash.AppendData(second, secondOffset, secondCount);
        if (!hash.TryGetHashAndReset(digest.AsSpan(digestOffset, SHA256.HashSizeInBytes), out _))
            throw new ArgumentException("digest buffer too small", nameof(digest));
    }

    /// <inheritdoc />
    public bool EcdsaVerify(byte[] publicKey, byte[] data, int offset, int count, byte[] signature, int signatureOffset)
    {
        if (publicKey is null || signature is null || signatureOffset < 0 ||
            signatureOffset > signature.Length - EcdsaSignatureEncoding.RawLength)
            return false;
        return EcdsaVerify(publicKey, data.AsSpan(offset, count),
            signature.AsSpan(signatureOffset, EcdsaSignatureEncoding.RawLength));
    }

    /// <summary>
    /// Verifies a raw r||s signature over <paramref name="data"/>. False, never an exception, for a public key
    /// that is not a valid uncompressed P-256 point, a signature that is not exactly 64 bytes, r or s outside
    /// [1, n−1], or a signature that does not verify.
    /// </summary>
    public bool EcdsaVerify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != EcdsaSignatureEncoding.RawLength) return false;
        if (!P256.IsScalarInRange(signature.Slice(0, P256.FieldLength)) ||
            !P256.IsScalarInRange(signature.Slice(P256.FieldLength)))
            return false;
        try
        {
            // Cached keys were validated when added, so a hit skips the (allocating) on-curve check.
            var entry = _verifierKeys.TryGet(publicKey);
            if (entry is null)
            {
                if (!P256.IsValidUncompressedPoint(publicKey)) return false;
                entry = _verifierKeys.Add(publicKey);
            }
            lock (entry)
            {
                return entry.Key.VerifyData(data, signature, HashAlgorithmName.SHA256,
                    DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
        }
        catch (CryptographicException)
        {
            return false; // the platform refused the key after all: treat as not verified
        }
    }

    /// <inheritdoc />
    public void EcdsaSign(IGbcsPrivateKey key, byte[] data, int offset, int count, byte[] signature, int signatureOffset) =>
        EcdsaSign(key, data.AsSpan(offset, count), signature.AsSpan(signatureOffset, EcdsaSignatureEncoding.RawLength));

    /// <summary>Signs <paramref name="data"/> (SHA-256) and writes the 64-byte raw r||s to <paramref name="signature"/>.</summary>
    /// <exception cref="ArgumentException">The key is not a <see cref="NetPrivateKey"/>.</exception>
    public void EcdsaSign(IGbcsPrivateKey key, ReadOnlySpan<byte> data, Span<byte> signature)
    {
        var netKey = AsNetKey(key);
        if (signature.Length < EcdsaSignatureEncoding.RawLength)
            throw new ArgumentException("signature buffer must hold 64 bytes", nameof(signature));
        int written;
        lock (netKey.Sync)
        {
            written = netKey.Ecdsa.SignData(data, signature, HashAlgorithmName.SHA256,
                DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        if (written != EcdsaSignatureEncoding.RawLength)
            throw new CryptographicException($"unexpected signature length {written}");
    }

    /// <inheritdoc />
    public bool EcdhSharedSecret(IGbcsPrivateKey key, byte[] peerPublicKey, byte[] z, int zOffset)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (peerPublicKey is null) return false;
        return TryEcdhSharedSecret(key, peerPublicKey, z.AsSpan(zOffset, P256.FieldLength));
    }

    /// <summary>
    /// Static-static ECDH: writes Z (32 bytes, the x-coordinate of d·Q) to <paramref name="z"/>. Returns false
    /// when <paramref name="peerPublicKey"/> is not a valid 65-byte uncompressed point on P-256.
    /// </summary>
    /// <exception cref="ArgumentException">The key is not a <see cref="NetPrivateKey"/> or <paramref name="z"/> is not 32 bytes.</exception>
    public bool TryEcdhSharedSecret(IGbcsPrivateKey key, ReadOnlySpan<byte> peerPublicKey, Span<byte> z)
    {
        var netKey = AsNetKey(key);
        if (z.Length != P256.FieldLength) throw new ArgumentException("Z is 32 bytes", nameof(z));
        // Only secrets of validated peers are cached, so a hit needs no on-curve check.
        long cacheKey = EcdhSecretCache.KeyOf(netKey.PublicKeySpan, peerPublicKey);
        if (_ecdhCache.TryGet(cacheKey, netKey.PublicKeySpan, peerPublicKey, z)) return true;
        if (!P256.IsValidUncompressedPoint(peerPublicKey)) return false;

        byte[] secret;
        try
        {
            using var peer = ECDiffieHellman.Create(P256.PublicParameters(peerPublicKey));
            using var peerKey = peer.PublicKey;
            lock (netKey.Sync)
            {
                secret = netKey.Ecdh.DeriveRawSecretAgreement(peerKey);
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
        if (secret.Length != P256.FieldLength)
        {
            CryptographicOperations.ZeroMemory(secret);
            return false;
        }
        secret.CopyTo(z);
        _ecdhCache.Add(cacheKey, netKey.PublicKeySpan, peerPublicKey, secret);
        return true;
    }

    /// <inheritdoc />
    public void AesGcmEncrypt(byte[] key, byte[] iv, byte[] aad, int aadOffset, int aadCount,
        byte[] plaintext, int plaintextOffset, int plaintextCount,
        byte[] ciphertext, int ciphertextOffset, byte[] tag, int tagOffset, int tagLength)
    {
        CheckGcmArguments(key, iv, tagLength);
        using var gcm = new AesGcm(key, tagLength);
        gcm.Encrypt(iv,
            Range(plaintext, plaintextOffset, plaintextCount),
            Range(ciphertext, ciphertextOffset, plaintextCount),
            tag.AsSpan(tagOffset, tagLength),
            Range(aad, aadOffset, aadCount));
    }

    /// <inheritdoc />
    public bool AesGcmDecrypt(byte[] key, byte[] iv, byte[] aad, int aadOffset, int aadCount,
        byte[] ciphertext, int ciphertextOffset, int ciphertextCount,
        byte[] tag, int tagOffset, int tagLength, byte[] plaintext, int plaintextOffset)
    {
        CheckGcmArguments(key, iv, tagLength);
        var output = Range(plaintext, plaintextOffset, ciphertextCount);
        using var gcm = new AesGcm(key, tagLength);
        try
        {
            // AesGcm compares the tag in constant time and clears the output on failure.
            gcm.Decrypt(iv,
                Range(ciphertext, ciphertextOffset, ciphertextCount),
                tag.AsSpan(tagOffset, tagLength),
                output,
                Range(aad, aadOffset, aadCount));
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            output.Clear();
            return false;
        }
    }

    private static void CheckGcmArguments(byte[] key, byte[] iv, int tagLength)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(iv);
        if (key.Length != AesKeyLength)
            throw new ArgumentException($"GBCS uses AES-128: key must be {AesKeyLength} bytes, got {key.Length}", nameof(key));
        if (iv.Length != GcmIvLength)
            throw new ArgumentException($"GBCS GCM IVs are {GcmIvLength} bytes, got {iv.Length}", nameof(iv));
        if (tagLength < MinTagLength || tagLength > MaxTagLength)
            throw new ArgumentOutOfRangeException(nameof(tagLength), tagLength, $"tag length must be {MinTagLength}..{MaxTagLength}");
    }

    // Empty plaintext (GMAC) and empty AAD are common; allow a null buffer when the count is 0.
    private static Span<byte> Range(byte[]? buffer, int offset, int count) =>
        count == 0 && buffer is null ? Span<byte>.Empty : buffer.AsSpan(offset, count);

    private static NetPrivateKey AsNetKey(IGbcsPrivateKey key) => key switch
    {
        NetPrivateKey k => k,
        null => throw new ArgumentNullException(nameof(key)),
        _ => throw new ArgumentException($"NetGbcsCrypto needs a {nameof(NetPrivateKey)}, got {key.GetType().Name}", nameof(key)),
    };
}
