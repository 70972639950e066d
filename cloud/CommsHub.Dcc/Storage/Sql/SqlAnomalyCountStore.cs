namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// <see cref="IAnomalyCountStore"/> over table <c>anomaly_counts</c>. The increment is one upsert whose RETURNING adds
/// the key's other buckets in the window, so it costs one round trip and the database makes it atomic: the bucket's new
/// count comes from the row the upsert wrote (under its row lock on PostgreSQL, the write lock on SQLite), so callers
/// racing on one bucket never lose an increment and each gets a different total.
/// </summary>
/// <remarks>
/// The other buckets are read as the statement sees them. On PostgreSQL a request in a neighbouring bucket (at a bucket
/// boundary) whose transaction has not committed yet is not seen; it is counted in full once it commits, so a breach
/// can be noticed one such request late, never missed.
/// </remarks>
internal sealed class SqlAnomalyCountStore(SqlDatabase db) : IAnomalyCountStore
{
    // "bucket_end <> @bucket" keeps the row being written out of the sum, whatever the dialect's subquery sees of it.
    // Buckets ending after this one (another instance's clock running ahead) are requests that happened, so they count.
    // RETURNING names the column unqualified: SQLite does not accept the target alias there.
    private const string IncrementSql = """
        INSERT INTO anomaly_counts AS c (user_eui, srv, bucket_end, hits) VALUES (@user, @srv, @bucket, 1)
        ON CONFLICT (user_eui, srv, bucket_end) DO UPDATE SET hits = c.hits + 1
        RETURNING hits + (SELECT COALESCE(SUM(o.hits), 0) FROM anomaly_counts AS o
            WHERE o.user_eui = @user AND o.srv = @srv AND o.bucket_end > @from AND o.bucket_end <> @bucket)
        """;

    // Bounded through a key subquery (row values work in both dialects) so that the first purge after a long pause does
    // not hold SQLite's write lock, or PostgreSQL row locks, for one huge DELETE; the bucket_end index finds the oldest.
    private readonly string _purgeSql = $"""
        DELETE FROM anomaly_counts WHERE (user_eui, srv, bucket_end) IN (
            SELECT user_eui, srv, bucket_end FROM anomaly_counts WHERE bucket_end <= @from
            ORDER BY bucket_end LIMIT @limit{db.Dialect.SkipLockedRows})
        """;

    public int Increment(ulong userEui, string srv, DateTimeOffset bucketEnd, DateTimeOffset windowStart)
    {
        if (bucketEnd <= windowStart)
            throw new ArgumentOutOfRangeException(nameof(bucketEnd), bucketEnd, $"the bucket must end after the window start {windowStart:O}");
        var total = db.WriteScalar(IncrementSql,
            ("@user", SqlValues.Eui(userEui)), ("@srv", srv), ("@bucket", SqlValues.Time(bucketEnd)), ("@from", SqlValues.Time(windowStart)));
        return Convert.ToInt32(total, System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Reset(ulong userEui, string srv) =>
        db.Execute("DELETE FROM anomaly_counts WHERE user_eui = @user AND srv = @srv", ("@user", SqlValues.Eui(userEui)), ("@srv", srv));

    public int PurgeExpired(DateTimeOffset windowStart, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return db.Execute(_purgeSql, ("@from", SqlValues.Time(windowStart)), ("@limit", limit));
    }
}
