namespace CommsHub.Dcc.Access;

/// <summary>A threshold for one user (all SRVs when <see cref="Srv"/> is null) or one SRV (all users when <see cref="UserEui"/> is null).</summary>
public sealed class AnomalyThreshold
{
    /// <summary>The user it applies to; null: every user.</summary>
    public ulong? UserEui { get; set; }

    /// <summary>The SRV it applies to; null: every SRV.</summary>
    public string? Srv { get; set; }

    /// <summary>Most requests allowed within <see cref="AnomalyOptions.Window"/>; one more quarantines.</summary>
    public int MaxRequests { get; set; }
}

/// <summary>
/// Threshold Anomaly Detection settings (SEC-DCC.md §1.5: per User ID, counts of communications of a type against a
/// threshold the User sets; the SEC gives no numbers, so the defaults are only a safety net).
/// </summary>
public sealed class AnomalyOptions
{
    /// <summary>Length of the sliding window.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Requests per user and SRV allowed within the window when no <see cref="Thresholds"/> entry applies.</summary>
    public int DefaultMaxRequests { get; set; } = 10_000;

    /// <summary>Specific thresholds; the most specific match wins (user+SRV, then user, then SRV, then the default).</summary>
    public IList<AnomalyThreshold> Thresholds { get; set; } = [];

    /// <summary>
    /// Where requests are counted: <see cref="AnomalyCounting.InProcess"/> (default: one adapter instance, the embedded
    /// setup) or <see cref="AnomalyCounting.Shared"/> (several instances on one database, so that thresholds hold for
    /// the total rather than for each instance's share).
    /// </summary>
    public AnomalyCounting Counting { get; set; } = AnomalyCounting.InProcess;

    /// <summary>
    /// Width of the time buckets of <see cref="AnomalyCounting.Shared"/> counting (unused in-process). The window is in
    /// effect rounded out to whole buckets, so a request counts for up to <see cref="Window"/> + this; narrower buckets
    /// are more exact but mean more rows to add up per request. Null (default): <see cref="Window"/> / 60, i.e. at most
    /// 61 rows added up per request and at most a sixtieth of the window extra.
    /// </summary>
    public TimeSpan? BucketWidth { get; set; }

    /// <summary>The bucket width in use: <see cref="BucketWidth"/>, or <see cref="Window"/> / 60 (at least one tick).</summary>
    /// <exception cref="ArgumentOutOfRangeException">the window is not positive, or the width is not positive or exceeds the window.</exception>
    public TimeSpan EffectiveBucketWidth()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Window, TimeSpan.Zero, nameof(Window));
        var width = BucketWidth ?? TimeSpan.FromTicks(Math.Max(1, Window.Ticks / 60));
        if (width <= TimeSpan.Zero || width > Window)
            throw new ArgumentOutOfRangeException(nameof(BucketWidth), width, $"the bucket width must be positive and at most the window ({Window})");
        return width;
    }

    /// <summary>The threshold for a user and SRV.</summary>
    public int MaxRequestsFor(ulong userEui, string srv)
    {
        AnomalyThreshold? Match(bool byUser, bool bySrv) => Thresholds.FirstOrDefault(t =>
            (byUser ? t.UserEui == userEui : t.UserEui is null) && (bySrv ? t.Srv == srv : t.Srv is null));
        return (Match(true, true) ?? Match(true, false) ?? Match(false, true))?.MaxRequests ?? DefaultMaxRequests;
    }
}
