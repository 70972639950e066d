using System.Collections.Concurrent;

namespace CommsHub.Protocol.Net.Crypto;

/// <summary>
/// Bounded cache of static-static ECDH shared secrets, keyed by (own public key, peer public key). A hub or
/// adapter talks to the same few parties over and over, and the scalar multiplication dominates MAC cost. Both
/// public keys identify the pair exactly (a P-256 public key determines its private key), so no secret is in the
/// key. The values ARE secret: never log or expose them; the cache is private to <see cref="NetGbcsCrypto"/>.
/// </summary>
internal sealed class EcdhSecretCache
{
    private readonly ConcurrentDictionary<string, byte[]> _secrets = new(StringComparer.Ordinal);
    private readonly int _capacity;

    public EcdhSecretCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
    }

    public int Count => _secrets.Count;

    public static string KeyOf(ReadOnlySpan<byte> ownPublicKey, ReadOnlySpan<byte> peerPublicKey) =>
        string.Concat(Convert.ToHexString(ownPublicKey), ":", Convert.ToHexString(peerPublicKey));

    public bool TryGet(string key, out byte[] z) => _secrets.TryGetValue(key, out z!);

    public void Add(string key, byte[] z)
    {
        if (_capacity == 0) return;
        // Clear-when-full keeps the bound without LRU bookkeeping; the working set refills in a few messages.
        // Values are not zeroed on eviction because another thread may be copying one out at that moment.
        if (_secrets.Count >= _capacity) _secrets.Clear();
        _secrets.TryAdd(key, z);
    }

    public void Clear() => _secrets.Clear();
}
