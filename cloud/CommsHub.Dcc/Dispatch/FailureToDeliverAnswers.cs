using CommsHub.Dcc.Access;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// Turns the CHF's "Failure to Deliver Remote Party Message" alert (0x00D5, alert 0x8F84) into the answer of the
/// request it names: the Remote Party Message in its body (originator, device, counter) is the request's correlation
/// key, and the request is finished at once with <see cref="ResponseCodes.E20"/> instead of waiting for the E21 of the
/// sweeper. E20 because SEC-DCC.md §1.3 (DUIS response codes, "Device comms failures") and GBCS.md §5.4 give E20
/// "Unable to communicate with device" for a command the DCC could not get to the device, and E21 "No response
/// received from device" only for one that reached it and went unanswered.
/// </summary>
public sealed class FailureToDeliverAnswers(IDccStore store, DuisAsyncResponses responses)
{
    private readonly IDccStore _store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly DuisAsyncResponses _responses = responses ?? throw new ArgumentNullException(nameof(responses));

    /// <summary>The DUIS response code of a command the hub could not deliver.</summary>
    public const string Code = ResponseCodes.E20;

    /// <summary>
    /// Finishes the pending request <paramref name="alert"/> (verified by the caller) names: <see cref="CorrelationOutcome.CommandUndelivered"/>
    /// when it did; <see cref="CorrelationOutcome.Invalid"/> when the device is not on the alerting hub;
    /// <see cref="CorrelationOutcome.AlertDuplicate"/> for an alert counter already seen; null when it is not this alert
    /// or no unfinished request matches (the caller treats it as an ordinary alert).
    /// </summary>
    public async Task<CorrelationOutcome?> TryFinishAsync(GbcsMessage alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.Cra != CraFlag.Alert || alert.MessageCode != FailureToDeliverAlert.MessageCode) return null;
        FailureToDeliverAlert failed;
        try { failed = FailureToDeliverAlert.Decode(alert.Buffer, alert.ContentOffset, alert.ContentLength); }
        catch (GbcsFormatException) { return null; }
        if (failed.Cra != CraFlag.Command) return null;
        var pending = Unfinished(failed);
        if (pending is null) return null;
        // Only the hub the device is on can say it could not reach it.
        if (HubRouting.HubOf(_store.Inventory, failed.BusinessTarget) != alert.Originator) return CorrelationOutcome.Invalid;
        // The alert's counter is claimed in the unit of work that finishes the request: if the finish fails, neither is
        // kept, so the alert (not acknowledged) is handled again when the hub resends it, rather than being refused as a
        // duplicate and leaving the request to the sweeper's E21.
        bool Claim() => _store.Counters.TryAcceptInWindow(alert.Originator, alert.OriginatorCounter);
        // The state read may be overtaken (Pending -> Sent by the dispatcher's mark): read it again once.
        for (int attempt = 0; attempt < 2 && pending is not null; attempt++)
        {
            var result = await _responses.FinishAsync(pending, [pending.State], PendingState.Failed, Code, null, Claim, cancellationToken)
                .ConfigureAwait(false);
            if (result == FinishResult.Finished) return CorrelationOutcome.CommandUndelivered;
            if (result == FinishResult.ClaimRefused) return CorrelationOutcome.AlertDuplicate;
            pending = Unfinished(failed);
        }
        // Another outcome finished the request first (its response, the sweeper): the alert is spent all the same, so
        // that a replay of it is refused rather than delivered as an ordinary alert.
        return Claim() ? CorrelationOutcome.Duplicate : CorrelationOutcome.AlertDuplicate;
    }

    private PendingRequest? Unfinished(FailureToDeliverAlert failed)
    {
        var p = _store.PendingRequests.FindByCorrelation(failed.BusinessTarget, failed.BusinessOriginator, failed.OriginatorCounter);
        return p is { State: PendingState.Sent or PendingState.Pending } ? p : null;
    }
}
