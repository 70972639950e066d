namespace CommsHub.Dcc.Access;

/// <summary>
/// Counts requests per (user, SRV) over a sliding window for <see cref="AnomalyDetector"/>: in memory
/// (<see cref="SlidingWindowCounter"/>) or in the shared store (<see cref="StoreWindowCounter"/>).
/// </summary>
public interface IAnomalyWindowCounter
{
    /// <summary>Records one request at <paramref name="at"/> and returns how many of that user and SRV fall within
    /// (at - window, at], this one included.</summary>
    int Add(ulong user, string srv, DateTimeOffset at, TimeSpan window);

    /// <summary>Forgets the requests of one user and SRV (after an operator released its quarantine, the burst was vouched for).</summary>
    void Reset(ulong user, string srv);
}
