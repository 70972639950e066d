using CommsHub.Dcc.Access;
using CommsHub.Dcc.Storage;

namespace CommsHub.Dcc.Dispatch;

/// <summary>One held request that could not be moved on.</summary>
/// <param name="RequestId">DUIS RequestID.</param>
/// <param name="Error">What went wrong (the exception's message: for the log, not for the operator's answer).</param>
/// <param name="Cause">The exception, so the log can carry its stack trace.</param>
public sealed record QuarantineFailure(string RequestId, string Error, Exception? Cause = null);

/// <summary>What an operator's release or rejection did to the held requests.</summary>
/// <param name="QuarantineId">The quarantine.</param>
/// <param name="UserEui">Its user.</param>
/// <param name="Srv">Its SRV.</param>
/// <param name="State">The quarantine's state now (Released or Rejected).</param>
/// <param name="ResponseCode">I99 when released; the rejection's E-code when rejected.</param>
/// <param name="Dispatched">Released and published to their hub (now Sent).</param>
/// <param name="Queued">Released but left Pending (hub offline, or no hub): the sweeper publishes or answers them.</param>
/// <param name="Answered">Rejected and answered to the user with <paramref name="ResponseCode"/>.</param>
/// <param name="Skipped">No longer Quarantined (already handled by an earlier call or another instance): left alone.</param>
/// <param name="Failures">Requests whose dispatch or answer failed; a released one stays Pending (the sweeper retries), a rejected one stays Quarantined (call again).</param>
public sealed record QuarantineResolutionSummary(
    long QuarantineId, ulong UserEui, string Srv, QuarantineState State, string ResponseCode,
    IReadOnlyList<string> Dispatched, IReadOnlyList<string> Queued, IReadOnlyList<string> Answered,
    IReadOnlyList<string> Skipped, IReadOnlyList<QuarantineFailure> Failures);

/// <summary>
/// Acts on an operator's decision about an anomaly quarantine (SEC-DCC.md §1.5): closes it through
/// <see cref="AnomalyDetector"/> and then moves each held request on. Released: Quarantined -> Pending, then
/// <see cref="ICommandDispatcher.DispatchAsync"/> to the hub <see cref="HubRouting"/> names (an offline or unknown hub
/// leaves it Pending for <see cref="TimeoutSweeper"/>). Rejected: Quarantined -> Rejected with the resolution's E-code,
/// answered to the user asynchronously (<see cref="DuisAsyncResponses.FinishAsync(PendingRequest, PendingState, PendingState, string, byte[], CancellationToken)"/>).
/// </summary>
/// <remarks>
/// Idempotent: every move is a compare-and-set from Quarantined, so a request already moved is skipped. Calling the
/// same action again on an already-resolved quarantine finishes whatever a crash or a failure left Quarantined and
/// otherwise does nothing; the opposite action on a resolved quarantine is refused (<see cref="QuarantineResolvedException"/>).
/// Known limit: a held request keeps the deadline it was given on arrival, so a request released after that deadline is
/// published but then answered E21 by the next sweep unless its response comes first (the store has no way yet to
/// extend a deadline).
/// </remarks>
public sealed class QuarantineResolver(AnomalyDetector anomalies, IDccStore store, ICommandDispatcher dispatcher, DuisAsyncResponses responses,
    TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly AnomalyDetector _anomalies = anomalies ?? throw new ArgumentNullException(nameof(anomalies));
    private readonly IDccStore _store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly ICommandDispatcher _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
    private readonly DuisAsyncResponses _responses = responses ?? throw new ArgumentNullException(nameof(responses));

    /// <summary>Releases the quarantine and dispatches its held requests. Null when the quarantine does not exist.</summary>
    /// <exception cref="QuarantineResolvedException">the quarantine was rejected.</exception>
    public Task<QuarantineResolutionSummary?> ReleaseAsync(long quarantineId, string operatorName, CancellationToken cancellationToken = default) =>
        ResolveAsync(quarantineId, operatorName, QuarantineState.Released, cancellationToken);

    /// <summary>Rejects the quarantine and answers its held requests with the rejection code. Null when the quarantine does not exist.</summary>
    /// <exception cref="QuarantineResolvedException">the quarantine was released.</exception>
    public Task<QuarantineResolutionSummary?> RejectAsync(long quarantineId, string operatorName, CancellationToken cancellationToken = default) =>
        ResolveAsync(quarantineId, operatorName, QuarantineState.Rejected, cancellationToken);

    private async Task<QuarantineResolutionSummary?> ResolveAsync(long id, string operatorName, QuarantineState outcome, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorName);
        var episode = _store.Quarantines.Get(id);
        if (episode is null) return null;
        string code;
        IReadOnlyList<string> held;
        if (episode.State == QuarantineState.Open)
        {
            try
            {
                var resolution = outcome == QuarantineState.Released ? _anomalies.Release(id, operatorName) : _anomalies.Reject(id, operatorName);
                (code, held) = (resolution.ResponseCode, resolution.HeldRequestIds);
            }
            catch (InvalidOperationException) when (_store.Quarantines.Get(id) is { State: not QuarantineState.Open } now)
            {
                // Resolved by someone else between Get and Resolve: treated like a call on a resolved quarantine.
                episode = now;
                (code, held) = Resolved(episode, outcome);
            }
        }
        else
        {
            (code, held) = Resolved(episode, outcome);
        }

        var dispatched = new List<string>();
        var queued = new List<string>();
        var answered = new List<string>();
        var skipped = new List<string>();
        var failures = new List<QuarantineFailure>();
        foreach (var requestId in held)
        {
            ct.ThrowIfCancellationRequested();
            var request = _store.PendingRequests.Find(requestId);
            if (request is null || request.State != PendingState.Quarantined)
            {
                skipped.Add(requestId);
                continue;
            }
            try
            {
                if (outcome == QuarantineState.Released)
                {
                    // The request gets the same time to answer it had on arrival, counted from the release.
                    var deadline = _time.GetUtcNow() + (request.Deadline - request.CreatedAt);
                    if (!_store.PendingRequests.TryRelease(requestId, deadline))
                    {
                        skipped.Add(requestId);
                        continue;
                    }
                    // From here the request is an ordinary Pending one: if this dispatch fails or the hub is offline, the
                    // sweeper publishes it (or answers E20) like any other.
                    var hub = HubRouting.HubOf(_store.Inventory, request.DeviceEui);
                    if (hub is not { } h)
                    {
                        queued.Add(requestId);
                        continue;
                    }
                    var result = await _dispatcher.DispatchAsync(request with { State = PendingState.Pending, Deadline = deadline }, h, ct).ConfigureAwait(false);
                    (result == DispatchOutcome.Sent ? dispatched : result == DispatchOutcome.HubOffline ? queued : skipped).Add(requestId);
                }
                else
                {
                    if (await _responses.FinishAsync(request, PendingState.Quarantined, PendingState.Rejected, code, null, ct).ConfigureAwait(false))
                        answered.Add(requestId);
                    else
                        skipped.Add(requestId);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add(new QuarantineFailure(requestId, ex.Message, ex));
            }
        }
        return new QuarantineResolutionSummary(id, episode.UserEui, episode.Srv, outcome, code, dispatched, queued, answered, skipped, failures);
    }

    // A quarantine already closed: the same action again only finishes what is still Quarantined.
    private (string Code, IReadOnlyList<string> Held) Resolved(QuarantineEpisode episode, QuarantineState outcome)
    {
        if (episode.State != outcome)
            throw new QuarantineResolvedException(episode.Id, episode.State);
        var code = outcome == QuarantineState.Released ? ResponseCodes.I99 : ResponseCodes.E3;
        return (code, _store.Quarantines.Held(episode.Id));
    }
}
