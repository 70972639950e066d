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

    /// <summary>The threshold for a user and SRV.</summary>
    public int MaxRequestsFor(ulong userEui, string srv)
    {
        AnomalyThreshold? Match(bool byUser, bool bySrv) => Thresholds.FirstOrDefault(t =>
            (byUser ? t.UserEui == userEui : t.UserEui is null) && (bySrv ? t.Srv == srv : t.Srv is null));
        return (Match(true, true) ?? Match(true, false) ?? Match(false, true))?.MaxRequests ?? DefaultMaxRequests;
    }
}
