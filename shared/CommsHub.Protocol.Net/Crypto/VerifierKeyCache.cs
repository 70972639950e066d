using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace CommsHub.Protocol.Net.Crypto;

/// <summary>
/// Bounded cache of imported ECDSA public keys. Importing a point into the platform costs more than a verify, and a
/// hub or adapter verifies against the same few originators all day. Lookups hash the point and compare it in full,
/// so a hit allocates nothing. Each entry is used under its own lock: platform key objects are not documented as
/// thread-safe.
/// </summary>
internal sealed class VerifierKeyCache(int capacity)
{
    internal sealed record Entry(byte[] Point, ECDsa Key);

    private readonly ConcurrentDictionary<int, Entry> _keys = new();

    /// <summary>The cached key for exactly <paramref name="point"/>, or null. Only validated points are cached.</summary>
    public Entry? TryGet(ReadOnlySpan<byte> point) =>
        _keys.TryGetValue(KeyOf(point), out var e) && point.SequenceEqual(e.Point) ? e : null;

    /// <summary>Imports and caches <paramref name="point"/>, which the caller has validated.</summary>
    public Entry Add(ReadOnlySpan<byte> point)
    {
        int key = KeyOf(point);
        var created = new Entry(point.ToArray(), ECDsa.Create(P256.PublicParameters(point)));
        // Evicted keys are not disposed: another thread may be verifying with one; the GC finalises them.
        if (_keys.Count >= capacity) _keys.Clear();
        _keys[key] = created;
        return created;
    }

    private static int KeyOf(ReadOnlySpan<byte> point)
    {
        var h = new HashCode();
        h.AddBytes(point);
        return h.ToHashCode();
    }
}
