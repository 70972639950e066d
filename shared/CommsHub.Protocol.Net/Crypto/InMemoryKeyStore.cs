using System.Collections.Concurrent;
using CommsHub.Protocol.Crypto;

namespace CommsHub.Protocol.Net.Crypto;

/// <summary>
/// A keystore filled in code, for tests and hosts that get keys from elsewhere (configuration, an HSM wrapper,
/// a SMKI download). Safe for concurrent use. Adding a private key also makes its public key available.
/// </summary>
public sealed class InMemoryKeyStore : IGbcsKeyStore
{
    private readonly ConcurrentDictionary<(ulong Eui, KeyUsage Usage, bool Prepayment), byte[]> _public = new();
    private readonly ConcurrentDictionary<(ulong Eui, KeyUsage Usage, bool Prepayment), IGbcsPrivateKey> _private = new();

    /// <summary>Adds or replaces a public key (65-byte uncompressed P-256 point, validated).</summary>
    /// <exception cref="ArgumentException">Not a valid uncompressed P-256 point.</exception>
    public InMemoryKeyStore AddPublicKey(ulong eui, KeyUsage usage, byte[] publicKey, bool prepayment = false)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (!P256.IsValidUncompressedPoint(publicKey))
            throw new ArgumentException("not a valid uncompressed P-256 point", nameof(publicKey));
        _public[(eui, usage, prepayment)] = (byte[])publicKey.Clone();
        return this;
    }

    /// <summary>Adds or replaces a private key; its public key is added too unless one is already held.</summary>
    public InMemoryKeyStore AddPrivateKey(ulong eui, KeyUsage usage, IGbcsPrivateKey key, bool prepayment = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        _private[(eui, usage, prepayment)] = key;
        _public.TryAdd((eui, usage, prepayment), key.PublicKey);
        return this;
    }

    /// <inheritdoc />
    /// <remarks>Returns a copy, so callers cannot alter the stored key.</remarks>
    public byte[]? GetPublicKey(ulong eui, KeyUsage usage, bool prepayment) =>
        _public.TryGetValue((eui, usage, prepayment), out var key) ? (byte[])key.Clone() : null;

    /// <inheritdoc />
    public IGbcsPrivateKey? GetPrivateKey(ulong eui, KeyUsage usage, bool prepayment) =>
        _private.TryGetValue((eui, usage, prepayment), out var key) ? key : null;
}
