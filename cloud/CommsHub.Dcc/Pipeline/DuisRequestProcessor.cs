using System.Globalization;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Dcc.Pipeline;

/// <summary>
/// The decision on DUIS requests that passed <see cref="DuisIntake"/> (DESIGN.md Flows 1-2): replay guard ->
/// <see cref="AccessControl"/> -> transform (MAC'd command; CV4 pre-command; CV5-7 completed signed pre-command) or a
/// non-device answer -> pending request persisted -> <see cref="ICommandDispatcher"/>. <see cref="DuisIntake"/> (load,
/// XSD, XMLDSig, signer = originator, and the signed answer) is the only way in for hosts, tests and benchmarks alike;
/// it hands requests to this processor through the <see cref="DecisionBatcher"/>. Thread-safe; one instance per process.
/// </summary>
/// <remarks>
/// Nothing is written for input refused before access control, except the replay guard's counter advance for a request
/// whose signature proved its originator (that is what the guard is). The store writes of one request (counter advance,
/// audit entries, ACB counter, pending request) are one <see cref="IDccStore.BeginUnitOfWork"/> transaction, committed
/// before the command is published and before the response is signed; if any of them fails, none is kept (the request
/// fails and may be sent again). Marking the request Sent after the publish is a separate write, as the dispatcher
/// must publish first. Every access decision is audited by
/// <see cref="AccessControl"/>; a request it accepted that the transform then refuses gets a second audit entry
/// (actor "transform") with the code answered.
/// </remarks>
public sealed class DuisRequestProcessor
{
    /// <summary>Audit actor of refusals after access control accepted a request.</summary>
    public const string TransformActor = "transform";

    private readonly IDccStore _store;
    private readonly DuisSchemaValidator _schema;
    private readonly IDuisSignerDirectory _signers;
    private readonly DuisTransformer _transformer;
    private readonly DuisResponseWriter _responses;
    private readonly ICommandDispatcher _dispatcher;
    private readonly DuisProcessorOptions _options;
    private readonly TimeProvider _time;
    private readonly ReplayGuard _replay;
    private readonly NonDeviceServices _nonDevice;
    private readonly Schedules.ScheduleServices _schedules;
    private readonly IDeviceInventory _deviceInventory;
    private readonly IPreCommandLedger _preCommands;
    private readonly IOriginatorCounterSource _acbCounters;

    /// <summary>Creates the processor.</summary>
    /// <param name="store">Users, registration, inventory, counters, audit, pending requests.</param>
    /// <param name="schema">The DUIS 5.4 validator (share one per process).</param>
    /// <param name="signers">Users' XML-sign certificates.</param>
    /// <param name="transformer">DUIS -> GBCS with the ACB keys.</param>
    /// <param name="responses">Signs responses with the DSP XML-sign key.</param>
    /// <param name="dispatcher">Publishes commands to hubs.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="access">Access control; one over <paramref name="store"/> when null.</param>
    /// <param name="time">Clock; system clock when null.</param>
    public DuisRequestProcessor(IDccStore store, DuisSchemaValidator schema, IDuisSignerDirectory signers, DuisTransformer transformer,
        DuisResponseWriter responses, ICommandDispatcher dispatcher, DuisProcessorOptions? options = null, AccessControl? access = null,
        TimeProvider? time = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _schema = schema ?? throw new ArgumentNullException(nameof(schema));
        _signers = signers ?? throw new ArgumentNullException(nameof(signers));
        _transformer = transformer ?? throw new ArgumentNullException(nameof(transformer));
        _responses = responses ?? throw new ArgumentNullException(nameof(responses));
        _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
        _options = options ?? new DuisProcessorOptions();
        _time = time ?? TimeProvider.System;
        Access = access ?? new AccessControl(store, _options.Access, null, _time);
        _replay = new ReplayGuard(store.Counters);
        _nonDevice = new NonDeviceServices(store.Inventory);
        _schedules = new Schedules.ScheduleServices(store.Schedules);
        _deviceInventory = new StoreDeviceInventory(store.Inventory, _options.FallbackInventory);
        _preCommands = _options.PreCommands ?? store.PreCommands;
        _acbCounters = _options.AcbCounters ?? new StoreAcbCounter(store.Counters, transformer.AccessControlBroker, _time);
    }

    /// <summary>Access control in use (operators release or reject quarantines through its anomaly detector).</summary>
    public AccessControl Access { get; }

    // The parts of intake (DuisIntake), configured with the processor so that one composition serves both.
    internal DuisSchemaValidator Schema => _schema;
    internal IDuisSignerDirectory Signers => _signers;
    internal DuisResponseWriter Responses => _responses;
    internal SecureXmlOptions Xml => _options.Xml;
    internal TimeProvider Time => _time;

    /// <summary>
    /// Decides requests that passed intake, as a batch: each request's replay check, access control, transform and writes
    /// run in a unit of work of its own inside one store batch (<see cref="IDccStore.BeginBatch"/>), so one commit carries
    /// them all; only then are their commands dispatched. A request whose unit of work fails is rolled back alone and
    /// answered <see cref="DuisOutcomeKind.Unavailable"/> (or <see cref="DuisOutcomeKind.Failed"/>); if the batch's commit
    /// fails, every request in it is (nothing was kept, nothing dispatched). Requests are decided in order, and each sees
    /// the writes of those before it (a user's next counter, a device's pending request). A replayed counter is an answer
    /// (<see cref="DuisOutcomeKind.Replayed"/>, E1), decided like any other. Nothing is thrown for a request.
    /// </summary>
    /// <remarks>Batching is for throughput under load: one transaction's commit (its WAL pages, its fsync) is shared by
    /// the batch, and each stage runs with its code and data still in the processor's caches. The answers do not depend
    /// on the batching. Every outcome returned with a DUIS answer was committed before this returns, so its answer may be
    /// sent (an HTTP 200, an MQTT PUBACK).</remarks>
    /// <param name="items">The requests, in arrival order (<see cref="DuisIntake.TryAdmit"/> makes them).</param>
    /// <param name="cancellationToken">Cancels the dispatch (a request already committed is then held for the sweeper).</param>
    /// <returns>One outcome per item, in order (without the signed response: <see cref="DuisIntake"/> signs).</returns>
    public async Task<DuisOutcome[]> DecideBatchAsync(IReadOnlyList<DuisBatchItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null) throw new ArgumentException($"item {i} is null", nameof(items));
        }
        var results = new DuisOutcome[items.Count];
        var prepared = new Prepared[items.Count];
        var kept = new bool[items.Count];
        if (items.Count == 0) return results;
        // A batch of one is a plain unit of work: the same transaction without the savepoint around it.
        using (var batch = items.Count > 1 ? _store.BeginBatch() : null)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                try
                {
                    using var unit = _store.BeginUnitOfWork();
                    // The counter advance is one of the request's writes: kept or lost with its decision.
                    if (!item.DccScheduled && !_replay.TryAccept(item.Request.Header.RequestId, out var refusal))
                    {
                        results[i] = new DuisOutcome(DuisOutcomeKind.Replayed, ResponseCodes.E1, refusal) { RejectReason = DuisRejectReason.Replay };
                        continue;
                    }
                    if (item.Claim is { } claim && !claim())
                    {
                        results[i] = new DuisOutcome(DuisOutcomeKind.Conflict, null, "the scheduled run was made by another instance");
                        continue;
                    }
                    prepared[i] = Prepare(item.Request, item.Signature, item.Endpoint);
                    if (item.Refused is { } refused && prepared[i].Final is { Kind: DuisOutcomeKind.Rejected } refusedOutcome) refused(refusedOutcome);
                    unit.Commit();
                    kept[i] = true;
                }
                catch (Exception ex)
                {
                    results[i] = DuisOutcome.NotDecided(ex);
                }
            }
            try
            {
                batch?.Commit();
            }
            catch (Exception ex)
            {
                var failure = DuisOutcome.NotDecided(ex);
                for (var i = 0; i < items.Count; i++)
                {
                    // A replay refusal wrote nothing, so it stands; everything else in the batch is lost with the commit.
                    if (!kept[i]) continue;
                    kept[i] = false;
                    results[i] = failure;
                }
            }
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (kept[i]) results[i] = await FinishAsync(prepared[i], cancellationToken).ConfigureAwait(false);
        }
        return results;
    }

    // What the synchronous, transactional part decided: an answer, or a pending request to publish to a hub.
    private readonly record struct Prepared(DuisOutcome? Final, PendingRequest? Pending, ulong Hub, string? Reason);

    private async Task<DuisOutcome> FinishAsync(Prepared prepared, CancellationToken cancellationToken)
    {
        if (prepared.Final is { } final) return final;
        var pending = prepared.Pending!;
        string note;
        try
        {
            var outcome = await _dispatcher.DispatchAsync(pending, prepared.Hub, cancellationToken).ConfigureAwait(false);
            note = outcome != DispatchOutcome.HubOffline ? ""
                : _options.Presence?.AwaitedFor(prepared.Hub) > TimeSpan.Zero ? $"; hub {prepared.Hub:X16} not seen since start-up, held until it connects"
                : $"; hub {prepared.Hub:X16} offline, held for the sweeper";
        }
        catch (Exception ex)
        {
            // The request is committed (Pending): the sweeper publishes it again, so it is accepted all the same. Answering
            // a failure here would invite the user to send it again, and the device to get it twice.
            note = $"; dispatch to hub {prepared.Hub:X16} failed ({ex.GetType().Name}: {ex.Message}), held for the sweeper";
        }
        return new DuisOutcome(DuisOutcomeKind.Accepted, ResponseCodes.I99, prepared.Reason + note, null, pending.RequestId);
    }

    private Prepared Prepare(DuisRequest request, DuisSignatureInfo? signature, DuisEndpoint endpoint)
    {
        var header = request.Header;
        var identity = signature is null ? null : new XmlSignIdentity(X509IssuerNames.Format(signature.Signer.IssuerName),
            signature.SerialNumber.ToString("X", CultureInfo.InvariantCulture));
        var info = SrvCatalogue.Find(header.ServiceReferenceVariant);
        var subject = info is { NonDevice: true } ? NonDeviceServices.SubjectOf(request) : null;
        var decision = Access.Check(AccessRequest.From(header, endpoint, subject, null, identity));
        var now = _time.GetUtcNow();
        if (decision.Outcome == AccessOutcome.Rejected)
            return Final(new DuisOutcome(DuisOutcomeKind.Rejected, decision.ResponseCode, decision.Reason));

        if (info is { NonDevice: true })
        {
            if (decision.Outcome == AccessOutcome.Quarantined)
                return Final(new DuisOutcome(DuisOutcomeKind.Quarantined, ResponseCodes.I99, decision.Reason));
            if (Schedules.ScheduleServices.Handles(header.ServiceReferenceVariant))
                return Final(Schedule(request, identity, now));
            var answer = _nonDevice.Answer(request, now);
            return Final(answer ?? AfterAccess(request, ResponseCodes.E11,
                $"non-device request {header.ServiceReferenceVariant} (sr:{request.BodyName}) is not answered by this adapter", now));
        }
        return Command(request, decision, now);
    }

    // DUIS section 5. A 5.1's scheduled SRV gets the checks any request of it would (role, registration, the device's
    // status and type), as a DCC-scheduled request (CV1, on the endpoint CV1 arrives on) from the same user.
    private DuisOutcome Schedule(DuisRequest request, XmlSignIdentity? identity, DateTimeOffset now)
    {
        try
        {
            return _schedules.Answer(request, now, scheduled => Access.Authorise(new AccessRequest(request.Header.RequestId, scheduled.Srv, 1,
                DuisEndpoints.HttpEndpointFor(1)!.Value, scheduled.Device, null, null, identity)));
        }
        catch (Schedules.ScheduleException ex)
        {
            return AfterAccess(request, ex.ResponseCode, ex.Message, now);
        }
    }

    private static Prepared Final(DuisOutcome decision) => new(decision, null, 0, null);

    private Prepared Command(DuisRequest request, AccessDecision decision, DateTimeOffset now)
    {
        var header = request.Header;
        byte[] command;
        // The command's own Business Originator (the user, or the ACB for the commands it originates) is what the
        // device's response targets: with device and counter, the correlation key.
        ulong device, originator, counter;
        ulong? hub;
        try
        {
            if (header.CommandVariant is 5 or 6 or 7)
            {
                var signed = DuisTransformer.ReadSignedPreCommand(request);
                var m = Protocol.Framing.GbcsFrameParser.Parse(signed);
                var issued = _preCommands.Find(m.Target, m.OriginatorCounter, now);
                if (issued is null || issued.User != header.RequestId.Originator)
                    return Final(AfterAccess(request, ResponseCodes.E1,
                        $"no pre-command was issued to {header.RequestId.OriginatorHex} for device {m.TargetText} counter {m.OriginatorCounter} (or it expired)", now));
                command = _transformer.CompleteSignedPreCommand(issued.PreCommand, signed);
                (device, originator, counter, hub) =
                    (m.Target, m.Originator, m.OriginatorCounter, HubRouting.HubOf(_store.Inventory, m.Target));
                if (!_preCommands.Remove(m.Target, m.OriginatorCounter))
                    return Final(AfterAccess(request, ResponseCodes.E1,
                        $"the pre-command for device {m.TargetText} counter {m.OriginatorCounter} was already used by another signed request", now));
            }
            else
            {
                var result = Transform(request, decision);
                if (result.IsPreCommand)
                {
                    _preCommands.Record(new IssuedPreCommand(header.RequestId.Originator, result.Target, result.OriginatorCounter,
                        header.ServiceReferenceVariant, result.Command, now + _options.PreCommandValidity));
                    return Final(new DuisOutcome(DuisOutcomeKind.Answered, ResponseCodes.I0, $"pre-command {result.UseCase} issued for signing",
                        PreCommandElement(result.Command)));
                }
                (command, device, originator, counter, hub) =
                    (result.Command, result.Target, result.Originator, result.OriginatorCounter, result.CommsHub);
            }
        }
        catch (DuisTransformException ex)
        {
            return Final(AfterAccess(request, TransformErrorCodes.For(ex.Error), ex.Message, now));
        }
        catch (Protocol.Encoding.GbcsFormatException ex)
        {
            return Final(AfterAccess(request, ResponseCodes.E1, $"the signed pre-command is not a GBCS message: {ex.Message}", now));
        }
        if (hub is null)
            return Final(AfterAccess(request, ResponseCodes.E20, $"device {device:X16} has no Communications Hub in the inventory", now));

        var quarantined = decision.Outcome == AccessOutcome.Quarantined;
        var wait = _options.ResponseTimeout + HoldTime(hub.Value);
        var pending = new PendingRequest(header.RequestId.ToString(), header.RequestId.Originator, device, counter,
            header.ServiceReferenceVariant, quarantined ? PendingState.Quarantined : PendingState.Pending, now, now + wait, command,
            CommandOriginator: originator == header.RequestId.Originator ? null : originator);
        if (!_store.PendingRequests.Add(pending))
            return Final(new DuisOutcome(DuisOutcomeKind.Conflict, null,
                $"a pending request already holds device {device:X16} with originator {originator:X16} and originator counter {counter}"));
        if (quarantined)
            return Final(new DuisOutcome(DuisOutcomeKind.Quarantined, ResponseCodes.I99, decision.Reason, null, pending.RequestId));
        return new Prepared(null, pending, hub.Value, decision.Reason);
    }

    // How long a request for the hub may be held before it is published, on top of its response timeout: what is left of
    // the start-up grace of a hub not seen yet (it is published when the hub announces itself), and under Queue the queue
    // time of a hub that is not online (the longer of the two: the grace runs within the queue time).
    private TimeSpan HoldTime(ulong hub)
    {
        if (_options.Presence is not { } presence) return TimeSpan.Zero;
        var awaited = presence.AwaitedFor(hub);
        if (_options.OfflinePolicy == OfflineHubPolicy.Queue && !presence.IsOnline(hub) && _options.MaxQueueTime > awaited)
            return _options.MaxQueueTime;
        return awaited;
    }

    private TransformResult Transform(DuisRequest request, AccessDecision decision)
    {
        // One inventory read serves the hub routing and every device-type question the transform asks.
        var target = _store.Inventory.Find(request.Header.RequestId.Target);
        var hub = target is null ? null : target.Type == Protocol.Asn1.DeviceType.Chf ? target.Eui : target.CommsHub;
        var context = new TransformContext
        {
            AcbOriginatorCounter = 0,
            Inventory = target is null ? _deviceInventory : new StoreDeviceInventory(_store.Inventory, _options.FallbackInventory, target),
            UserRole = decision.ActingRole,
            CommsHub = hub,
            Certificates = _options.DeviceCertificates,
            Now = _time.GetUtcNow(),
        };
        // Plan first (cheap, builds nothing) so an ACB counter, a database write, is only allocated when a DCC party (the
        // ACB, or the TransCoS for 6.23) originates the command.
        var plan = _transformer.Registry.Plan(request, context);
        if (plan.Origin != CommandOrigin.User) context = context with { AcbOriginatorCounter = _acbCounters.Next() };
        return _transformer.Transform(request, context);
    }

    private System.Xml.XmlElement PreCommandElement(byte[] preCommand)
    {
        var doc = new System.Xml.XmlDocument();
        const string sr = DuisNamespaces.ServiceUserGateway;
        var e = doc.CreateElement("sr", "PreCommand", sr);
        var version = doc.CreateElement("sr", "GBCSVersion", sr);
        version.InnerText = _options.GbcsVersion;
        var payload = doc.CreateElement("sr", "GBCSPayload", sr);
        payload.InnerText = Convert.ToBase64String(preCommand);
        e.AppendChild(version);
        e.AppendChild(payload);
        return e;
    }

    // Access control recorded "accepted"; the answer the user actually gets is different, so it is recorded too.
    private DuisOutcome AfterAccess(DuisRequest request, string code, string reason, DateTimeOffset now)
    {
        var id = request.Header.RequestId;
        _store.Audit.Append(new AuditEntry(now, TransformActor, id.Originator, request.Header.ServiceReferenceVariant, id.ToString(),
            id.Target, code, AccessOutcome.Rejected, reason));
        return new DuisOutcome(DuisOutcomeKind.Rejected, code, reason);
    }
}
