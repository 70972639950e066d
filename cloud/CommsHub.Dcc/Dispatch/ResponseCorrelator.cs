using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Wan;

namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// Consumes frames from <c>chub/+/up</c> (DESIGN.md Flow 1 "correlates", Flow 3 alerts). Responses are matched by
/// (device = the response's Business Originator, the command's originator = its Business Target, originator counter;
/// GBCS counters are per originator) to the pending request in the store, so any
/// instance can finish what another dispatched; checked (the response must answer the command's originator; MAC or
/// signature verified); and delivered as a signed DUIS Response (I0, GBCSPayload = base64 of the frame as received).
/// Alerts are verified, de-duplicated by the device's alert counter and delivered as DeviceAlertMessage to the parties
/// <see cref="AlertRouting"/> names. Thread-safe.
/// </summary>
/// <remarks>
/// Verification policy: <see cref="CheckResult.Invalid"/> drops the frame (a genuine copy may still arrive); a frame the
/// adapter holds no key for (<see cref="CheckResult.NoKey"/>: a response MAC'd for a user's own KA key, which only the
/// user holds in production) is passed on, since the user verifies it end to end; a response with neither MAC nor
/// signature is dropped. Duplicates: the pending request's state is claimed, in the same unit of work that stores the
/// signed answer in the <see cref="UserOutbox"/>, before delivery, so a QoS 1 duplicate, on this or another instance,
/// finds it finished and delivers nothing, and a crash after the claim still has the answer to send. Alerts are claimed
/// by recording the device's alert counter in its per-originator window in the store (<see cref="ICounterStore.TryAcceptInWindow"/>:
/// a counter above the highest, or one of the 64 below it not seen yet, so alerts handled out of order all pass once),
/// which also refuses replayed alerts, in one unit of work with each recipient's copy in the outbox. A frame from a device
/// the inventory places on another hub is refused (<see cref="CorrelationOutcome.WrongHub"/>).
/// </remarks>
public sealed class ResponseCorrelator
{
    private readonly IDccStore _store;
    private readonly DuisAsyncResponses _responses;
    private readonly AlertRouting _routing;
    private readonly FailureToDeliverAnswers _undelivered;
    private readonly GbcsMessageVerifier _verifier;
    private readonly TimeProvider _time;
    // GbcsMessageVerifier reuses buffers (not thread-safe); verification is microseconds, so one lock is enough.
    private readonly Lock _verifyLock = new();

    /// <summary>Creates the correlator, staging answers in a <see cref="UserOutbox"/> of default options over <paramref name="delivery"/>.</summary>
    /// <param name="store">Pending requests, inventory, registration, counters.</param>
    /// <param name="crypto">GBCS primitives.</param>
    /// <param name="keys">The adapter's key store (ACB KA private key, device KA/DS public keys).</param>
    /// <param name="accessControlBroker">The ACB EUI.</param>
    /// <param name="writer">Signs DUIS responses with the DSP key.</param>
    /// <param name="delivery">HTTP callback and MQTT delivery to users.</param>
    /// <param name="time">Clock; system clock when null.</param>
    public ResponseCorrelator(IDccStore store, IGbcsCrypto crypto, IGbcsKeyStore keys, ulong accessControlBroker, DuisResponseWriter writer,
        IUserDelivery delivery, TimeProvider? time = null)
        : this(store, crypto, keys, accessControlBroker, new DuisAsyncResponses(store, writer, delivery, time), time)
    {
    }

    /// <summary>Creates the correlator, finishing requests and staging alerts through <paramref name="responses"/> (and its outbox).</summary>
    /// <param name="store">Pending requests, inventory, registration, counters.</param>
    /// <param name="crypto">GBCS primitives.</param>
    /// <param name="keys">The adapter's key store (ACB KA private key, device KA/DS public keys).</param>
    /// <param name="accessControlBroker">The ACB EUI.</param>
    /// <param name="responses">Finishes requests; its writer signs, its outbox delivers.</param>
    /// <param name="time">Clock; system clock when null.</param>
    public ResponseCorrelator(IDccStore store, IGbcsCrypto crypto, IGbcsKeyStore keys, ulong accessControlBroker, DuisAsyncResponses responses,
        TimeProvider? time = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _responses = responses ?? throw new ArgumentNullException(nameof(responses));
        _routing = new AlertRouting(store);
        _undelivered = new FailureToDeliverAnswers(store, _responses);
        _verifier = new GbcsMessageVerifier(crypto, keys, accessControlBroker);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Handles a message received on <paramref name="topic"/> (must be <c>chub/{hub}/up</c>).</summary>
    public Task<CorrelationOutcome> HandleAsync(string topic, byte[] payload, CancellationToken cancellationToken = default) =>
        WanTopics.Classify(topic, out var hub) == WanTopicKind.Up
            ? HandleUpAsync(hub, payload, cancellationToken)
            : Task.FromResult(CorrelationOutcome.Malformed);

    /// <summary>Handles one GBCS frame published by <paramref name="hub"/>.</summary>
    public async Task<CorrelationOutcome> HandleUpAsync(ulong hub, byte[] payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        GbcsMessage m;
        try { m = GbcsFrameParser.Parse(payload); }
        catch (GbcsFormatException) { return CorrelationOutcome.Malformed; }
        if (m.Cra is CraFlag.Response or CraFlag.Alert && !FromItsHub(hub, m.Originator, m.Cra)) return CorrelationOutcome.WrongHub;
        return m.Cra switch
        {
            CraFlag.Response => await ResponseAsync(m, payload, cancellationToken).ConfigureAwait(false),
            CraFlag.Alert => await AlertAsync(m, payload, cancellationToken).ConfigureAwait(false),
            _ => CorrelationOutcome.Ignored,
        };
    }

    private async Task<CorrelationOutcome> ResponseAsync(GbcsMessage m, byte[] payload, CancellationToken cancellationToken)
    {
        var pending = _store.PendingRequests.FindByCorrelation(m.Originator, m.Target, m.OriginatorCounter);
        if (pending is null) return CorrelationOutcome.Unmatched;
        if (pending.State is not (PendingState.Sent or PendingState.Pending)) return CorrelationOutcome.Duplicate;
        // The response must go back to whoever originated the command (the user, or the ACB for CHF commands).
        var command = GbcsFrameParser.Parse(pending.Gbcs);
        if (m.Target != command.Originator) return CorrelationOutcome.Invalid;
        if (!Verified(m)) return CorrelationOutcome.Invalid;
        // Published-but-not-yet-marked-Sent is possible when the device answers faster than the dispatcher's update, and
        // the Sent mark may land between the read above and this change: finish from either state in one compare-and-set,
        // so a mark in between never makes a genuine response look like a duplicate (which would be acknowledged and lost).
        var done = await _responses.FinishAsync(pending, AnswerableStates, PendingState.Completed, Access.ResponseCodes.I0, payload, cancellationToken)
            .ConfigureAwait(false);
        return done ? CorrelationOutcome.Delivered : CorrelationOutcome.Duplicate;
    }

    private async Task<CorrelationOutcome> AlertAsync(GbcsMessage m, byte[] payload, CancellationToken cancellationToken)
    {
        if (!Verified(m)) return CorrelationOutcome.Invalid;
        if (await _undelivered.TryFinishAsync(m, cancellationToken).ConfigureAwait(false) is { } undelivered) return undelivered;
        var code = AlertCodes.Read(m);
        var recipients = _routing.Recipients(m.Originator, m.Target, code, m.MessageCode, _time.GetUtcNow());
        if (recipients.Count == 0) return CorrelationOutcome.AlertUnroutable;
        // Signed first (no I/O), then the counter claim and every recipient's copy in one unit of work: an alert is never
        // claimed without being kept for delivery, so a crash here loses nothing.
        var copies = recipients.Select(r => new DuisDelivery(r.UserEui, DuisMessageKind.DeviceAlert,
                new RequestId(m.Originator, r.UserEui, m.OriginatorCounter).ToString(),
                DuisResponseWriter.Serialize(_responses.Writer.DeviceAlert(m.Originator, r.UserEui, m.OriginatorCounter, code ?? m.MessageCode, payload))))
            .ToList();
        var staged = new List<OutboxMessage>(copies.Count);
        using (var unit = _store.BeginUnitOfWork())
        {
            if (!_store.Counters.TryAcceptInWindow(m.Originator, m.OriginatorCounter)) return CorrelationOutcome.AlertDuplicate;
            foreach (var copy in copies)
                if (_responses.Outbox.Stage(copy) is { } message) staged.Add(message);
            unit.Commit();
        }
        // Not waited for: a recipient whose callback hangs must not hold up the hub's lane.
        foreach (var message in staged) _ = _responses.Outbox.StartDelivery(message);
        return CorrelationOutcome.AlertDelivered;
    }

    // The states a response may finish a request from: Sent, or still Pending when its Sent mark has not been written yet.
    private static readonly PendingState[] AnswerableStates = [PendingState.Pending, PendingState.Sent];

    // A device answers through its own Communications Hub: the inventory's hub of the device (the CHF is its own hub). A
    // frame from another hub is refused before anything is looked up or verified, whatever its MAC says; so is a response
    // from a device the inventory does not know (no command can have been dispatched to it). An alert from an unknown
    // device is left to routing, which finds nobody to send it to (AlertUnroutable, as before).
    private bool FromItsHub(ulong hub, ulong device, CraFlag cra)
    {
        var itsHub = HubRouting.HubOf(_store.Inventory, device);
        if (itsHub is null) return cra == CraFlag.Alert && _store.Inventory.Find(device) is null;
        return itsHub == hub;
    }

    private bool Verified(GbcsMessage m)
    {
        lock (_verifyLock)
        {
            var result = m.Form switch
            {
                GbcsForm.Mac => _verifier.CheckMac(m),
                GbcsForm.Signed => _verifier.CheckSignature(m),
                _ => CheckResult.Absent,
            };
            // A MAC'd frame may also carry a signature (critical responses inside a MAC header): check it as well.
            if (result is CheckResult.Valid or CheckResult.NoKey && m.Form == GbcsForm.Mac && m.Signature == SignatureKind.Ecdsa)
            {
                var signature = _verifier.CheckSignature(m);
                if (signature == CheckResult.Invalid) return false;
            }
            return result is CheckResult.Valid or CheckResult.NoKey;
        }
    }
}
