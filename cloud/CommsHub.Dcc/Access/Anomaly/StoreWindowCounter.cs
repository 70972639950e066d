using CommsHub.Dcc.Storage;

namespace CommsHub.Dcc.Access;

/// <summary>
/// The shared <see cref="IAnomalyWindowCounter"/> (<see cref="AnomalyCounting.Shared"/>): counts live in the database
/// every adapter instance uses (<see cref="IAnomalyCountStore"/>), so a user's requests add up wherever they are
/// processed. Time is cut into buckets of a fixed width, bucket i holding the times in (i·w, (i+1)·w] and named by its
/// end; a window counts every bucket ending after its start. A request therefore counts for at least the window and at
/// most one bucket width longer (only when the window's start falls inside a bucket, not on a boundary): any error is on
/// the side of quarantining early, never late.
/// </summary>
/// <remarks>
/// <para>The store calls join the caller's unit of work when one is open, so a request whose transaction rolls back is
/// not counted.</para>
/// <para>Housekeeping is done here, so no host has to schedule it: at most once per bucket width per instance, the
/// counting request also deletes up to <see cref="PurgeBatch"/> buckets that no window can count any more (a full batch
/// leaves the next request to purge again, so a backlog drains without any one request deleting more than a batch).
/// Buckets are kept one width beyond the window, so an instance whose clock lags by up to a bucket width still finds
/// the rows it counts.</para>
/// </remarks>
public sealed class StoreWindowCounter : IAnomalyWindowCounter
{
    /// <summary>Most buckets one purge deletes.</summary>
    public const int PurgeBatch = 500;

    private readonly IAnomalyCountStore _store;
    private readonly long _width;
    // UTC ticks at or after which the next counted request purges; 0: the first one does.
    private long _nextPurge;

    /// <summary>Counts in <paramref name="store"/> in buckets of <paramref name="bucketWidth"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bucketWidth"/> is not positive.</exception>
    public StoreWindowCounter(IAnomalyCountStore store, TimeSpan bucketWidth)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bucketWidth, TimeSpan.Zero);
        _width = bucketWidth.Ticks;
    }

    /// <summary>The bucket width.</summary>
    public TimeSpan BucketWidth => TimeSpan.FromTicks(_width);

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is not positive.</exception>
    public int Add(ulong user, string srv, DateTimeOffset at, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var windowStart = at - window;
        var count = _store.Increment(user, srv, BucketEnd(at), windowStart);
        PurgeIfDue(at, windowStart);
        return count;
    }

    /// <inheritdoc/>
    public void Reset(ulong user, string srv) => _store.Reset(user, srv);

    /// <summary>The end of the bucket holding <paramref name="at"/>: the first multiple of the width at or after it.</summary>
    public DateTimeOffset BucketEnd(DateTimeOffset at) => new((at.UtcTicks + _width - 1) / _width * _width, TimeSpan.Zero);

    private void PurgeIfDue(DateTimeOffset at, DateTimeOffset windowStart)
    {
        var due = Interlocked.Read(ref _nextPurge);
        if (at.UtcTicks < due) return;
        // Of the requests finding the purge due, the one that moves the due time purges; the others go on at once.
        if (Interlocked.CompareExchange(ref _nextPurge, at.UtcTicks + _width, due) != due) return;
        if (_store.PurgeExpired(windowStart - BucketWidth, PurgeBatch) == PurgeBatch) Interlocked.Exchange(ref _nextPurge, 0);
    }
}
