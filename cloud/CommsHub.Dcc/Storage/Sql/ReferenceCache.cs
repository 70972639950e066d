using System.Collections.Concurrent;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// A per-store-instance cache of read-mostly reference rows (users, Registration Data, inventory) with a TTL.
/// </summary>
/// <remarks>
/// Invalidation rule: a write through this store instance removes the entries it may affect at once (and again when the
/// unit of work it ran in commits; everything is dropped when a unit of work rolls back). A write by another instance
/// or process is seen once the entry expires, i.e. within the TTL. Inside a unit of work that has written reference
/// data the cache is bypassed, so uncommitted rows are never cached or served to other flows. A value read while an
/// invalidation raced with it is not stored. Zero TTL turns the cache off.
/// </remarks>
internal sealed class ReferenceCache<TKey, TValue>(SqlDatabase db, TimeSpan ttl) where TKey : notnull
{
    // Bounded: keys come from signed requests, but a flood of distinct ones must not grow memory without limit.
    private const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();
    private readonly long _ttlMs = (long)ttl.TotalMilliseconds;
    private long _generation;

    private sealed record Entry(TValue Value, long ExpiresAt);

    public TValue Get(TKey key, Func<TKey, TValue> load)
    {
        if (_ttlMs <= 0 || db.Ambient is { WroteReferenceData: true }) return load(key);
        var now = Environment.TickCount64;
        if (_entries.TryGetValue(key, out var hit) && now < hit.ExpiresAt) return hit.Value;
        var generation = Volatile.Read(ref _generation);
        var value = load(key);
        if (Volatile.Read(ref _generation) != generation) return value;
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[key] = new Entry(value, now + _ttlMs);
        // An invalidation that slipped in between the check and the store wins.
        if (Volatile.Read(ref _generation) != generation) _entries.TryRemove(key, out _);
        return value;
    }

    public void Invalidate(TKey key)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(key, out _);
        db.NoteReferenceWrite();
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    public void ClearForWrite()
    {
        Clear();
        db.NoteReferenceWrite();
    }
}
