namespace CommsHub.Dcc.Storage;

/// <summary>Pending requests for later dispatch and response correlation.</summary>
public interface IPendingRequestStore
{
    /// <summary>
    /// Adds a request; false (nothing written) when its RequestID, or its device, command originator and originator
    /// counter, is already held.
    /// </summary>
    bool Add(PendingRequest request);

    /// <summary>The request, or null.</summary>
    PendingRequest? Find(string requestId);

    /// <summary>
    /// The request a device response belongs to: the response's originator is the device, its target the command's
    /// originator (the user, or the ACB), and it echoes the originator counter. Null when none.
    /// </summary>
    PendingRequest? FindByCorrelation(ulong deviceEui, ulong commandOriginator, ulong originatorCounter);

    /// <summary>
    /// Moves the request from <paramref name="from"/> to <paramref name="to"/> only if it is still in <paramref name="from"/>,
    /// so of two instances finishing the same request exactly one wins. Returns whether this call made the change.
    /// </summary>
    bool TryTransition(string requestId, PendingState from, PendingState to, string? responseCode = null);

    /// <summary>
    /// Moves the request to <paramref name="to"/> only if it is in one of <paramref name="from"/>, in one compare-and-set:
    /// a response may finish a request that is Pending or Sent, and a Sent mark written between reading the request and
    /// finishing it must not make the response look like a duplicate. Returns whether this call made the change.
    /// </summary>
    bool TryTransition(string requestId, IReadOnlyCollection<PendingState> from, PendingState to, string? responseCode = null);

    /// <summary>
    /// Pending -> Sent for every listed request still Pending, in one statement (the dispatcher's batched marks); the
    /// others (unknown, or already answered, timed out or Sent) are left as they are. Returns how many changed.
    /// </summary>
    int MarkSent(IReadOnlyList<string> requestIds);

    /// <summary>
    /// Releases a quarantined request: Quarantined -> Pending with a fresh <paramref name="deadline"/> (the one set on
    /// arrival has usually passed while an operator looked at it), as a compare-and-set like <see cref="TryTransition(string, PendingState, PendingState, string?)"/>.
    /// </summary>
    bool TryRelease(string requestId, DateTimeOffset deadline);

    /// <summary>Requests in <paramref name="state"/>, oldest first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<PendingRequest> InState(PendingState state, int limit = 100);

    /// <summary>
    /// Requests in <paramref name="state"/>, oldest first (by <see cref="PendingRequest.CreatedAt"/>, then RequestID),
    /// at most <paramref name="limit"/>, starting after <paramref name="after"/> in that order (null: from the oldest).
    /// Paging with the last request of each page as the next <paramref name="after"/> reaches every request in the
    /// state, however many of them stay in it (the sweeper's read of Pending requests held for offline hubs).
    /// </summary>
    IReadOnlyList<PendingRequest> InState(PendingState state, int limit, PendingRequest? after);

    /// <summary>Pending or Sent requests whose deadline is at or before <paramref name="now"/> (for the E21 sweep).</summary>
    IReadOnlyList<PendingRequest> Overdue(DateTimeOffset now, int limit = 100);

    /// <summary>
    /// Deletes finished requests (Completed, Failed, TimedOut, Rejected) whose deadline is before
    /// <paramref name="deadlineBefore"/>, oldest deadline first, at most <paramref name="limit"/>; returns how many.
    /// Without it the table keeps a row, with its command, for every request ever accepted, and a device's originator
    /// counter stays taken for ever. Requests still Quarantined, Pending or Sent are never deleted; the audit trail keeps
    /// every decision regardless.
    /// </summary>
    int PurgeFinished(DateTimeOffset deadlineBefore, int limit);
}
