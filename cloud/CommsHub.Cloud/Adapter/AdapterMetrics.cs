using System.Diagnostics.Metrics;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Storage.Sql;

namespace CommsHub.Cloud.Adapter;

/// <summary>
/// Counters of the adapter on the <c>CommsHub.Cloud</c> meter (readable with <c>dotnet-counters monitor -n CommsHub.Cloud
/// --counters CommsHub.Cloud</c> or any OpenTelemetry exporter): synchronous DUIS answers by code, up frames by
/// correlation outcome, and what the sweeper finished (result E21, E20, dispatched) or purged (result
/// precommand-purged: expired CV4 pre-commands deleted from the ledger; finished-purged: finished requests deleted past
/// their retention); and, on SQLite, the store's writer
/// (<see cref="ObserveStore"/>).
/// </summary>
public sealed class AdapterMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "CommsHub.Cloud";

    /// <summary>The <c>result</c> tag of <c>commshub.sweeper.finished</c> for expired CV4 pre-commands the sweeper deleted.</summary>
    public const string PurgedPreCommandsResult = "precommand-purged";

    /// <summary>The <c>result</c> tag of <c>commshub.sweeper.finished</c> for finished requests deleted past their retention.</summary>
    public const string PurgedFinishedResult = "finished-purged";

    private readonly Meter _meter = new(MeterName);

    /// <summary>This instance's meter (tests tell it apart from other instances' meters of the same name).</summary>
    internal Meter Meter => _meter;
    private readonly Counter<long> _decided;
    private readonly Counter<long> _up;
    private readonly Counter<long> _swept;
    private readonly Counter<long> _sweeps;

    /// <summary>Creates the instruments.</summary>
    public AdapterMetrics()
    {
        _decided = _meter.CreateCounter<long>("commshub.duis.decisions", description: "DUIS requests answered after intake, by response code");
        _up = _meter.CreateCounter<long>("commshub.gbcs.up", description: "GBCS frames from hubs, by correlation outcome");
        _swept = _meter.CreateCounter<long>("commshub.sweeper.finished", description: "Requests the sweeper finished or released, and expired pre-commands it purged, by result");
        _sweeps = _meter.CreateCounter<long>(SweepsCounter, description: "Sweeper passes completed, with work or without");
    }

    /// <summary>Counts one decision of the DUIS pipeline (a conflict, which has no DUIS code, as 409).</summary>
    public void Decided(DuisRequest request, DuisOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outcome);
        Decided(request.Header.ServiceReferenceVariant, outcome.ResponseCode ?? "409");
    }

    /// <summary>
    /// Counts one synchronous answer. The tags are bounded (each value is a time series an exporter keeps): an SRV
    /// outside <see cref="SrvCatalogue"/> and a code not of the DUIS shape (I, E or W and up to three digits; or 409)
    /// count as <see cref="OtherTag"/>.
    /// </summary>
    public void Decided(string srv, string code) =>
        _decided.Add(1, new KeyValuePair<string, object?>("code", KnownCode(code)), new KeyValuePair<string, object?>("srv", KnownSrv(srv)));

    /// <summary>The tag value that stands for any value outside a tag's known set.</summary>
    public const string OtherTag = "other";

    private static string KnownSrv(string srv) => srv is not null && SrvCatalogue.Contains(srv) ? srv : OtherTag;

    private static string KnownCode(string code) =>
        code is "409" || (code is { Length: >= 2 and <= 4 } && code[0] is 'I' or 'E' or 'W' && code.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0)
            ? code
            : OtherTag;

    /// <summary>Counts one up frame.</summary>
    public void Up(CorrelationOutcome outcome) => _up.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));

    /// <summary>The counter of sweeper passes (one per pass, whatever it found: the sweeper is alive and sweeping).</summary>
    public const string SweepsCounter = "commshub.sweeper.passes";

    /// <summary>Counts one sweep and its results.</summary>
    public void Swept(SweepResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        _sweeps.Add(1);
        if (r.TimedOut > 0) _swept.Add(r.TimedOut, new KeyValuePair<string, object?>("result", "E21"));
        if (r.Unreachable > 0) _swept.Add(r.Unreachable, new KeyValuePair<string, object?>("result", "E20"));
        if (r.Dispatched > 0) _swept.Add(r.Dispatched, new KeyValuePair<string, object?>("result", "dispatched"));
        if (r.PurgedPreCommands > 0) _swept.Add(r.PurgedPreCommands, new KeyValuePair<string, object?>("result", PurgedPreCommandsResult));
        if (r.PurgedFinished > 0) _swept.Add(r.PurgedFinished, new KeyValuePair<string, object?>("result", PurgedFinishedResult));
    }

    /// <summary>
    /// Publishes the SQLite store's writer figures: <c>commshub.store.commits</c> (transactions committed),
    /// <c>commshub.store.units</c> (units of work and single writes they carried; units / commits is the mean group
    /// size), <c>commshub.store.writer_queue</c> (writes waiting for the writer now) and
    /// <c>commshub.store.checkpoints</c> (background WAL checkpoints). Read when a listener collects.
    /// </summary>
    public void ObserveStore(SqliteDccStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _meter.CreateObservableCounter("commshub.store.commits", () => store.WriterCommits, description: "SQLite transactions the store's writer committed");
        _meter.CreateObservableCounter("commshub.store.units", () => store.WriterUnits, description: "Units of work and single writes those transactions carried");
        _meter.CreateObservableGauge("commshub.store.writer_queue", () => store.WriterQueued, description: "Writes waiting for the store's writer connection");
        _meter.CreateObservableCounter("commshub.store.checkpoints", () => store.BackgroundCheckpoints, description: "Background WAL checkpoints completed");
    }

    /// <summary>
    /// Publishes the MQTT inbox reader's figures: <c>commshub.mqtt.inbox.passes</c> (passes run),
    /// <c>commshub.mqtt.inbox.taken</c> (messages they took), <c>commshub.mqtt.inbox.prepared</c> (messages whose
    /// order-free stage ran) and <c>commshub.mqtt.inbox.prepared_aside</c> (of those, on a thread other than the reader's).
    /// </summary>
    public void ObserveInbox(MqttInboxReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _meter.CreateObservableCounter("commshub.mqtt.inbox.passes", () => reader.Passes, description: "Passes the MQTT inbox reader ran");
        _meter.CreateObservableCounter("commshub.mqtt.inbox.taken", () => reader.Taken, description: "Messages the MQTT inbox reader's passes took");
        _meter.CreateObservableCounter("commshub.mqtt.inbox.prepared", () => reader.Prepared, description: "Messages whose order-free stage (DUIS intake) ran ahead of their turn");
        _meter.CreateObservableCounter("commshub.mqtt.inbox.prepared_aside", () => reader.PreparedAside, description: "Of those, prepared on a thread other than the reader's");
    }

    /// <summary>
    /// Publishes the decision batcher's figures: <c>commshub.duis.decision_batches</c> (batches decided) and
    /// <c>commshub.duis.batched_requests</c> (requests they carried; requests / batches is the mean batch size).
    /// </summary>
    public void ObserveDecisionBatches(DecisionBatcher batcher)
    {
        ArgumentNullException.ThrowIfNull(batcher);
        _meter.CreateObservableCounter("commshub.duis.decision_batches", () => batcher.Batches, description: "Batches of DUIS requests decided in one store transaction");
        _meter.CreateObservableCounter("commshub.duis.batched_requests", () => batcher.Requests, description: "DUIS requests those batches carried");
    }

    private long _outboxWaiting;
    private double _outboxOldestSeconds;

    /// <summary>
    /// Publishes the user outbox's figures: <c>commshub.outbox.attempts</c> (deliveries tried, first and repeated),
    /// <c>commshub.outbox.taken</c> (messages the user's side took, tag <c>by</c> = <c>callback</c> for a 2xx or
    /// <c>puback</c> for an MQTT acknowledgement), <c>commshub.outbox.failures</c> (attempts that failed),
    /// <c>commshub.outbox.expired</c> (deleted past retention, never collected), and the gauges
    /// <c>commshub.outbox.waiting</c> (messages not yet taken) and <c>commshub.outbox.oldest_seconds</c> (how long the
    /// oldest has waited), as last read (<see cref="OutboxBacklog"/>).
    /// </summary>
    public void ObserveOutbox(UserOutbox outbox)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        _meter.CreateObservableCounter("commshub.outbox.attempts", () => outbox.Attempts, description: "Deliveries of user outcomes tried, first and repeated");
        _meter.CreateObservableCounter("commshub.outbox.taken", () => new[]
        {
            new Measurement<long>(outbox.Taken, new KeyValuePair<string, object?>("by", "callback")),
            new Measurement<long>(outbox.Acknowledgements, new KeyValuePair<string, object?>("by", "puback")),
        }, description: "User outcomes the user's side took (callback 2xx or MQTT PUBACK) and that left the outbox");
        _meter.CreateObservableCounter("commshub.outbox.failures", () => outbox.Failures, description: "Delivery attempts of user outcomes that failed (kept, retried)");
        _meter.CreateObservableCounter("commshub.outbox.expired", () => outbox.Expired, description: "User outcomes deleted past retention, never collected");
        _meter.CreateObservableGauge("commshub.outbox.waiting", () => Interlocked.Read(ref _outboxWaiting), description: "User outcomes not yet taken");
        _meter.CreateObservableGauge("commshub.outbox.oldest_seconds", () => Volatile.Read(ref _outboxOldestSeconds), description: "How long the oldest outcome not yet taken has waited");
    }

    /// <summary>Records the outbox's backlog as last read: messages waiting, and the age of the oldest.</summary>
    public void OutboxBacklog(long waiting, double oldestSeconds)
    {
        Interlocked.Exchange(ref _outboxWaiting, waiting);
        Volatile.Write(ref _outboxOldestSeconds, oldestSeconds);
    }

    /// <inheritdoc/>
    public void Dispose() => _meter.Dispose();
}
