using CommsHub.Dcc.Access;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Storage;

namespace CommsHub.Dcc.Dispatch;

/// <summary>What to do with requests for a hub that is offline.</summary>
public enum OfflineHubPolicy
{
    /// <summary>Answer E20 ("the DCC cannot communicate with the device") at the next sweep.</summary>
    FailWithE20,
    /// <summary>Hold the request (state Pending) and publish it when the hub reconnects; E20 only once its deadline passes.</summary>
    Queue,
}

/// <summary>Settings of <see cref="TimeoutSweeper"/>.</summary>
public sealed class TimeoutSweeperOptions
{
    /// <summary>Offline-hub policy.</summary>
    public OfflineHubPolicy OfflinePolicy { get; set; } = OfflineHubPolicy.FailWithE20;

    /// <summary>Requests read from the store at a time (Pending ones and overdue ones, batch after batch).</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How long one sweep keeps reading Pending requests, batch after batch in arrival order, before it leaves the rest
    /// to the next sweep, which goes on where this one stopped (default 5 s). Requests queued for an offline hub stay
    /// Pending, so however many there are, every younger Pending request is still reached; a zero budget reads one
    /// batch per sweep.
    /// </summary>
    public TimeSpan MaxPendingTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one sweep keeps finishing overdue requests, batch after batch, before it leaves the rest to the next
    /// (default 5 s): after an overload every overdue request is answered in the sweep that finds it, not one batch
    /// per sweep, while a sweep still cannot run for ever.
    /// </summary>
    public TimeSpan MaxOverdueTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How old a Pending request accepted while its hub was online must be before a sweep publishes it (default 10 s).
    /// Such a request is being published by the instance that accepted it, and reads Pending until that instance's Sent
    /// mark is written: a sweep on another instance (or after this one's publish took long) would otherwise send the hub
    /// the command twice. Past this age the accepting instance is taken to have died between its commit and its
    /// publish, and the request is published (crash recovery). A request held for an offline or awaited hub is published
    /// as soon as the hub is back, whatever its age.
    /// </summary>
    public TimeSpan RepublishAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Expired CV4 pre-commands deleted per sweep at most (the rest go in later sweeps).</summary>
    public int PreCommandPurgeBatchSize { get; set; } = 1000;

    /// <summary>
    /// How long a finished request (answered, E20, E21, rejected) is kept past its deadline before the sweeper deletes
    /// it (default 7 days; zero: kept for ever). Its audit entries stay; a late device response for a deleted request is
    /// refused as unknown, as it would be refused as finished.
    /// </summary>
    public TimeSpan FinishedRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Finished requests deleted per sweep at most (the rest go in later sweeps).</summary>
    public int FinishedPurgeBatchSize { get; set; } = 1000;
}

/// <summary>Counts of one sweep.</summary>
/// <param name="TimedOut">Answered E21.</param>
/// <param name="Unreachable">Answered E20.</param>
/// <param name="Dispatched">Published (queued requests of reconnected hubs, or requests left Pending by a crash).</param>
public sealed record SweepResult(int TimedOut, int Unreachable, int Dispatched)
{
    /// <summary>Expired CV4 pre-commands deleted from the store's ledger (<see cref="IPreCommandStore.PurgeExpired"/>).</summary>
    /// <remarks>Not a constructor parameter, so callers that only look at requests keep their three-number form.</remarks>
    public int PurgedPreCommands { get; init; }

    /// <summary>Finished requests deleted past their retention (<see cref="IPendingRequestStore.PurgeFinished"/>).</summary>
    public int PurgedFinished { get; init; }

    /// <summary>DCC schedule run records deleted once their request was purged (<see cref="CommsHub.Dcc.Schedules.IScheduleStore.PurgeRuns"/>).</summary>
    public int PurgedScheduleRuns { get; init; }
}

/// <summary>
/// Finishes what the device never answered (DESIGN.md Flow 1: E21 on no answer in time, E20 when unreachable). Reads
/// and changes only the store, so any instance can sweep what another dispatched, and two sweeping at once finish each
/// request once (state transitions are compare-and-set). Call <see cref="SweepAsync"/> periodically (every few
/// seconds) and when a hub reconnects.
/// </summary>
/// <remarks>
/// Per sweep: (1) Pending requests, every one of them in arrival order (batch after batch, within
/// <see cref="TimeoutSweeperOptions.MaxPendingTime"/>; a sweep out of time leaves the rest to the next): hub online -> publish (queue release, or crash recovery between persist and
/// publish, the latter only past <see cref="TimeoutSweeperOptions.RepublishAfter"/>); hub awaited (not seen since start-up, within <see cref="IHubPresence.AwaitedFor"/>) -> left held under either
/// policy; hub offline -> E20 under <see cref="OfflineHubPolicy.FailWithE20"/>, left queued under
/// <see cref="OfflineHubPolicy.Queue"/>. (2) Overdue requests: Sent -> E21 (no response received); still Pending (hub
/// offline until the deadline, or no hub known) -> E20. Under Queue the processor gives requests for an offline hub a
/// deadline extended by the queue time (<see cref="DuisProcessorOptions.MaxQueueTime"/>). (3) Expired CV4 pre-commands
/// are deleted from the store's ledger, which would otherwise keep a row for every CV4 whose CV5 never came. (4)
/// Finished requests past <see cref="TimeoutSweeperOptions.FinishedRetention"/> are deleted, and then the DCC schedule
/// run records whose request is gone.
/// </remarks>
public sealed class TimeoutSweeper(IDccStore store, ICommandDispatcher dispatcher, IHubPresence presence, DuisAsyncResponses responses,
    TimeoutSweeperOptions? options = null, TimeProvider? time = null)
{
    private readonly IDccStore _store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly ICommandDispatcher _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
    private readonly IHubPresence _presence = presence ?? throw new ArgumentNullException(nameof(presence));
    private readonly DuisAsyncResponses _responses = responses ?? throw new ArgumentNullException(nameof(responses));
    private readonly TimeoutSweeperOptions _options = options ?? new TimeoutSweeperOptions();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    // Where the last sweep's read of Pending requests ran out of time (null: it reached the end), so the next goes on.
    private volatile PendingRequest? _pendingAfter;

    /// <summary>One pass over pending and overdue requests, then purges of expired pre-commands and old finished requests.</summary>
    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken = default)
    {
        int timedOut = 0, unreachable = 0, dispatched = 0;
        // Pending requests, batch after batch: those queued for an offline hub stay Pending, and reading only the oldest
        // batch would never reach a younger one whose hub is online (it would end E20 at its deadline, never sent).
        var started = _time.GetTimestamp();
        var after = _pendingAfter;
        while (true)
        {
            var batch = _store.PendingRequests.InState(PendingState.Pending, _options.BatchSize, after);
            foreach (var p in batch)
            {
                var hub = HubRouting.HubOf(_store.Inventory, p.DeviceEui);
                if (hub is { } h && _presence.IsOnline(h))
                {
                    // Accepted while the hub was online: its instance is publishing it; only a crash leaves it here long.
                    if (p.CreatedAt > _presence.OnlineSince(h) && _time.GetUtcNow() - p.CreatedAt < _options.RepublishAfter) continue;
                    if (await _dispatcher.DispatchAsync(p, h, cancellationToken).ConfigureAwait(false) == DispatchOutcome.Sent) dispatched++;
                }
                // Not seen since start-up, still within the grace: held, published when the hub announces itself.
                else if (hub is { } awaited && _presence.AwaitedFor(awaited) > TimeSpan.Zero) continue;
                else if (_options.OfflinePolicy == OfflineHubPolicy.FailWithE20 || hub is null)
                {
                    if (await _responses.FinishAsync(p, PendingState.Pending, PendingState.Failed, ResponseCodes.E20, null, cancellationToken)
                            .ConfigureAwait(false)) unreachable++;
                }
            }
            // A short batch was the last: the next sweep starts from the oldest again. Out of time: it goes on from here.
            after = batch.Count < _options.BatchSize ? null : batch[^1];
            if (after is null || _time.GetElapsedTime(started) >= _options.MaxPendingTime) break;
        }
        _pendingAfter = after;
        started = _time.GetTimestamp();
        while (true)
        {
            var batch = _store.PendingRequests.Overdue(_time.GetUtcNow(), _options.BatchSize);
            int answered = 0;
            foreach (var p in batch)
            {
                var (to, code) = p.State == PendingState.Sent ? (PendingState.TimedOut, ResponseCodes.E21) : (PendingState.Failed, ResponseCodes.E20);
                if (!await _responses.FinishAsync(p, p.State, to, code, null, cancellationToken).ConfigureAwait(false)) continue;
                answered++;
                if (code == ResponseCodes.E21) timedOut++;
                else unreachable++;
            }
            // A short batch was the last; one where nothing could be finished would come back the same.
            if (batch.Count < _options.BatchSize || answered == 0 || _time.GetElapsedTime(started) >= _options.MaxOverdueTime) break;
        }
        // Last, so a purge failure never holds up finishing requests (the host retries the whole pass).
        var now = _time.GetUtcNow();
        var purged = _store.PreCommands.PurgeExpired(now, _options.PreCommandPurgeBatchSize);
        var finished = _options.FinishedRetention > TimeSpan.Zero
            ? _store.PendingRequests.PurgeFinished(now - _options.FinishedRetention, _options.FinishedPurgeBatchSize)
            : 0;
        // A run is due before its request's deadline, so past the same retention its request is gone or finished.
        var runs = _options.FinishedRetention > TimeSpan.Zero
            ? _store.Schedules.PurgeRuns(now - _options.FinishedRetention, _options.FinishedPurgeBatchSize)
            : 0;
        return new SweepResult(timedOut, unreachable, dispatched)
        {
            PurgedPreCommands = purged, PurgedFinished = finished, PurgedScheduleRuns = runs,
        };
    }
}
