namespace CommsHub.Dcc.Access;

/// <summary>Where <see cref="AnomalyDetector"/> counts requests (<see cref="AnomalyOptions.Counting"/>).</summary>
public enum AnomalyCounting
{
    /// <summary>
    /// In this process's memory (<see cref="SlidingWindowCounter"/>): exact and the fastest, for a single adapter
    /// instance (the embedded default). With N instances each counts only its own share, so a user spreading requests
    /// over them reaches up to N times the threshold before one trips.
    /// </summary>
    InProcess,

    /// <summary>
    /// In the database every instance shares (<see cref="StoreWindowCounter"/> over
    /// <see cref="Storage.IDccStore.AnomalyCounts"/>), for scale-out: the threshold trips at the configured total
    /// however the requests are spread. Costs one statement per counted request (inside the request's transaction), and
    /// the window is kept in buckets of <see cref="AnomalyOptions.BucketWidth"/>.
    /// </summary>
    Shared,
}
