using System.Collections.Concurrent;

namespace CommsHub.Protocol.Net.Crypto;

/// <summary>
/// Bounded cache of static-static ECDH shared secrets, keyed by (own public key, peer public key). A hub or
/// adapter talks to the same few parties over and over, and the scalar multiplication dominates MAC cost. Both
/// public keys identify the pair exactly (a P-256 public key determines its private key), so no secret is in the
/// key. Lookups hash the two keys and then compare them in full, so a hit allocates nothing. The values ARE secret:
/// never log or expose them; the cache is private to <see cref="NetGbcsCrypto"/>.
/// </summary>
internal sealed class EcdhSecretCache
{
    private sealed record Entry(byte[] Own, byte[] Peer, byte[] Secret);

    private readonly ConcurrentDictionary<long, Entry> _secrets = new();
    private readonly int _capacity;

    public EcdhSecretCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
    }

    public int Count => _secrets.Count;

    public static long KeyOf(ReadOnlySpan<byte> ownPublicKey, ReadOnlySpan<byte> peerPublicKey)
    {
        var h1 = new HashCode();
        h1.AddBytes(ownPublicKey);
        var h2 = new HashCode();
        h2.AddBytes(peerPublicKey);
        return ((long)h1.ToHashCode() << 32) ^ (uint)h2.ToHashCode();
    }

    /// <summary>Copies the cached secret for exactly this pair into <paramref name="z"/>.</summary>
    public bool TryGet(long key, ReadOnlySpan<byte> own, ReadOnlySpan<byte> peer, Span<byte> z)
    {
        if (!_secrets.TryGetValue(key, out var e) || !own.SequenceEqual(e.Own) || !peer.SequenceEqual(e.Peer))
            return false;
        e.Secret.CopyTo(z);
        return true;
    }

    public void Add(long key, ReadOnlySpan<byte> own, ReadOnlySpan<byte> peer, byte[] z)
    {
        if (_capacity == 0) return;
        // Clear-when-full keeps the bound without LRU bookkeeping; the working set refills in a few messages.
        // Values are not zeroed on eviction because another thread may be copying one out at that moment.
        if (_secrets.Count >= _capacity) _secrets.Clear();
        _secrets[key] = new Entry(own.ToArray(), peer.ToArray(), z);
    }

    public void Clear() => _secrets.Clear();
}
