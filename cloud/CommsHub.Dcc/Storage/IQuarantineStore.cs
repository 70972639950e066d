namespace CommsHub.Dcc.Storage;

/// <summary>State of a quarantine.</summary>
public enum QuarantineState
{
    /// <summary>Requests of that user and SRV are being held.</summary>
    Open,
    /// <summary>An operator let the held requests proceed.</summary>
    Released,
    /// <summary>An operator refused the held requests.</summary>
    Rejected,
}

/// <summary>One anomaly-detection quarantine: a user's requests for one SRV held after a threshold breach.</summary>
/// <param name="Id">Identifier operators act on.</param>
/// <param name="UserEui">The user.</param>
/// <param name="Srv">The SRV.</param>
/// <param name="OpenedAt">When the threshold was breached (UTC).</param>
/// <param name="Reason">The breach, e.g. "101 requests in 01:00:00, threshold 100".</param>
/// <param name="State">Open, released or rejected.</param>
/// <param name="ResolvedAt">When an operator acted; null while open.</param>
/// <param name="ResolvedBy">Which operator; null while open.</param>
public sealed record QuarantineEpisode(
    long Id, ulong UserEui, string Srv, DateTimeOffset OpenedAt, string Reason,
    QuarantineState State, DateTimeOffset? ResolvedAt, string? ResolvedBy);

/// <summary>Quarantines and the requests they hold. At most one open quarantine exists per user and SRV.</summary>
public interface IQuarantineStore
{
    /// <summary>Opens a quarantine for the user and SRV, or returns the one already open (then <paramref name="reason"/> is not used).</summary>
    QuarantineEpisode Open(ulong userEui, string srv, DateTimeOffset at, string reason);

    /// <summary>The open quarantine of that user and SRV, or null.</summary>
    QuarantineEpisode? FindOpen(ulong userEui, string srv);

    /// <summary>The quarantine, or null.</summary>
    QuarantineEpisode? Get(long id);

    /// <summary>Every open quarantine, oldest first.</summary>
    IReadOnlyList<QuarantineEpisode> ListOpen();

    /// <summary>
    /// Records that <paramref name="requestId"/> is held by quarantine <paramref name="id"/>, if it is still open; false
    /// (nothing recorded) when it was resolved meanwhile. Serialised with <see cref="Resolve"/>, so a request is either
    /// held before the resolution (and in its <see cref="Held"/> list) or not held at all, never orphaned.
    /// </summary>
    bool Hold(long id, string requestId, DateTimeOffset at);

    /// <summary>The RequestIDs held by the quarantine, in arrival order.</summary>
    IReadOnlyList<string> Held(long id);

    /// <summary>Closes an open quarantine as released or rejected; false when it is not open (already resolved, or unknown).</summary>
    bool Resolve(long id, QuarantineState outcome, string operatorName, DateTimeOffset at);
}
