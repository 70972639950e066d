namespace CommsHub.Dcc.Storage;

/// <summary>
/// Anomaly-detection request counts shared by every adapter instance on one database (table <c>anomaly_counts</c>):
/// one row per user, SRV and time bucket, holding how many counted requests fell into that bucket. A bucket is named
/// by its end: it holds the requests at times in (end - width, end]. The width is the caller's choice and is not stored,
/// so buckets of different widths (a changed setting) still add up correctly.
/// </summary>
/// <remarks>
/// Calls join the caller's unit of work (<see cref="IDccStore.BeginUnitOfWork"/>) when one is open, so a request whose
/// transaction rolls back leaves no count behind. On PostgreSQL the incremented row stays locked until that transaction
/// ends: concurrent requests of one user and SRV queue on it (those of one user already queue on the replay counter).
/// </remarks>
public interface IAnomalyCountStore
{
    /// <summary>
    /// Adds one to the bucket of <paramref name="userEui"/> and <paramref name="srv"/> ending at
    /// <paramref name="bucketEnd"/> and returns that key's total over every bucket ending after
    /// <paramref name="windowStart"/>, this one included. Atomic across connections and instances: of any number of
    /// concurrent calls for one bucket, no increment is lost and each call sees a different total.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bucketEnd"/> is not after <paramref name="windowStart"/>.</exception>
    int Increment(ulong userEui, string srv, DateTimeOffset bucketEnd, DateTimeOffset windowStart);

    /// <summary>Deletes every bucket of the user and SRV (an operator vouched for the burst by releasing its quarantine).</summary>
    void Reset(ulong userEui, string srv);

    /// <summary>
    /// Deletes up to <paramref name="limit"/> buckets ending at or before <paramref name="windowStart"/> (those no window
    /// starting there or later counts), oldest first; returns how many. Buckets ending later are never touched. On
    /// PostgreSQL rows another transaction is purging are skipped rather than waited for, so concurrent purges by several
    /// instances neither block nor deadlock each other.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    int PurgeExpired(DateTimeOffset windowStart, int limit);
}
