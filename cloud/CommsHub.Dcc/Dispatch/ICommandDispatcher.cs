using CommsHub.Dcc.Storage;

namespace CommsHub.Dcc.Dispatch;

/// <summary>What became of an attempt to hand a pending request to its hub.</summary>
public enum DispatchOutcome
{
    /// <summary>
    /// Published on <c>chub/{hub}/down</c>; the request is now <see cref="PendingState.Sent"/> (or its mark is queued in
    /// <see cref="SentMarks"/>).
    /// </summary>
    Sent,
    /// <summary>The hub is offline: the request stays <see cref="PendingState.Pending"/> for the sweeper (E20 or queue).</summary>
    HubOffline,
    /// <summary>Another instance already moved the request on; nothing was done.</summary>
    AlreadyHandled,
}

/// <summary>Hands persisted pending requests to their Communications Hub.</summary>
public interface ICommandDispatcher
{
    /// <summary>
    /// Publishes the request's GBCS command to its hub if the hub is online and moves it Pending -> Sent. The request
    /// must already be persisted: a crash between persist and publish leaves it Pending, and the sweeper finishes it.
    /// </summary>
    Task<DispatchOutcome> DispatchAsync(PendingRequest request, ulong hub, CancellationToken cancellationToken = default);
}
