using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Storage;

namespace CommsHub.Dcc.Schedules;

/// <summary>What became of one due run of a schedule.</summary>
/// <param name="ScheduleId">The DSPScheduleID.</param>
/// <param name="RunAt">The run's due time.</param>
/// <param name="RequestId">The RequestID the run was sent with (the device's answer reaches the user under it); null when it
/// could not be built.</param>
/// <param name="Outcome">The pipeline's decision (I99 when the command went to the device), or the refusal.</param>
public sealed record ScheduledRun(long ScheduleId, DateTimeOffset RunAt, string? RequestId, DuisOutcome Outcome);

/// <summary>
/// Runs due DCC schedules: builds each due run's request of the scheduled SRV (<see cref="ScheduledRequestBuilder"/>) and
/// decides it in the normal pipeline (<see cref="DuisRequestProcessor.DecideBatchAsync"/>: access control as for a live
/// request, so the user's status, the device's status and registration are checked again at each run; the transform,
/// the pending request and the dispatch), marked <see cref="DuisBatchItem.DccScheduled"/>, claiming the run in the same
/// unit of work (<see cref="DuisBatchItem.Claim"/>: <see cref="IScheduleStore.Advance"/> moves the schedule to its next
/// run, so of several adapter instances one makes it, and a crash before the commit leaves it due).
/// The device's answer then reaches the user under that RequestID as a <c>sr:DSPScheduledMessage</c> carrying the
/// DSPScheduleID (<see cref="IScheduleStore.ScheduleOfRun"/>).
/// </summary>
/// <remarks>A run missed while no instance was up is run once when found, not once per missed period: the next run is
/// the first one after now.</remarks>
public sealed class DccScheduleRunner(IScheduleStore schedules, DuisRequestProcessor processor, TimeProvider? time = null,
    DuisAsyncResponses? responses = null)
{
    private readonly IScheduleStore _schedules = schedules ?? throw new ArgumentNullException(nameof(schedules));
    private readonly DuisRequestProcessor _processor = processor ?? throw new ArgumentNullException(nameof(processor));
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly DuisAsyncResponses? _responses = responses;
    private long _lastCounter;

    /// <summary>Runs every schedule due now (at most <paramref name="limit"/>); returns what became of each run this call claimed.</summary>
    public async Task<IReadOnlyList<ScheduledRun>> RunDueAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var runs = new List<ScheduledRun>();
        foreach (var schedule in _schedules.Due(now, limit))
        {
            if (await RunAsync(schedule, schedule.NextRunAt!.Value, now, cancellationToken).ConfigureAwait(false) is { } run) runs.Add(run);
        }
        return runs;
    }

    // One run: null when another instance made it. The claim (the schedule moved to its next run) and the run's record
    // are written in the run's own unit of work (DuisBatchItem.Claim), with its audit and pending request: an instance
    // that fails or stops before that commits leaves the run due, for the next pass of any instance, and one that
    // commits has made the run and holds its request for the sweeper, so each run is made exactly once.
    private async Task<ScheduledRun?> RunAsync(DccSchedule schedule, DateTimeOffset runAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DuisRequest request;
        DateTimeOffset? next;
        try
        {
            next = NextAfter(schedule, runAt, now);
            request = DuisRequestParser.Parse(ScheduledRequestBuilder.Build(schedule, runAt, NextCounter()));
        }
        catch (ScheduleException ex)
        {
            // It cannot run (the builder does not execute its body, or its stored details no longer parse): the run is
            // refused and the schedule moves on (stops, if its next run cannot be worked out), rather than failing every pass.
            next = TryNextAfter(schedule, runAt, now);
            if (!_schedules.Advance(schedule.Id, runAt, next)) return null;
            return new ScheduledRun(schedule.Id, runAt, null, new DuisOutcome(DuisOutcomeKind.Rejected, ex.ResponseCode, ex.Message));
        }
        var requestId = request.Header.RequestId.ToString();
        var lost = false;
        OutboxMessage? refusal = null;
        var item = new DuisBatchItem(request, null, DuisEndpoints.HttpEndpointFor(1)!.Value)
        {
            DccScheduled = true,
            // Recorded with the claim: the device may answer before the decision returns.
            Claim = () =>
            {
                lost = !_schedules.Advance(schedule.Id, runAt, next);
                if (lost) return false;
                _schedules.RecordRun(requestId, schedule.Id, runAt);
                return true;
            },
            Refused = _responses is null ? null : outcome => refusal = StageRefusal(schedule, request.Header.RequestId, outcome),
        };
        var outcome = (await _processor.DecideBatchAsync([item], cancellationToken).ConfigureAwait(false))[0];
        // Committed with the decision (a failed commit answers Unavailable): deliver it now; if this instance dies first,
        // any instance's outbox pump delivers it.
        if (refusal is not null && outcome.Kind == DuisOutcomeKind.Rejected) _ = _responses!.Outbox.StartDelivery(refusal);
        if (lost) return null;
        if (outcome.Kind == DuisOutcomeKind.Failed) SkipFailed(schedule.Id, runAt, next);
        return new ScheduledRun(schedule.Id, runAt, requestId, outcome);
    }

    // A run whose decision failed for something other than the store (Unavailable: retried at the next pass, as the store
    // heals) fails the same way at every try: a defect, or data the adapter cannot handle. Left due, it would be tried
    // every pass and, being the earliest due, come first: enough of them would fill every pass and no other schedule
    // would run again. So the run is skipped, in a transaction of its own, and logged with its error by the caller; the
    // schedule's next run is tried when due. If the store fails now, the run stays due and is tried again.
    private void SkipFailed(long id, DateTimeOffset runAt, DateTimeOffset? next)
    {
        try
        {
            _schedules.Advance(id, runAt, next);
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            // Still due: the next pass tries it again.
        }
    }

    // A run refused at access control (the user withdrawn, the device decommissioned or no longer theirs since the
    // schedule was made) or by the transform has no caller to answer: its E-code is the run's one outcome, sent to the
    // user as a device answer would be (under the run's RequestID, naming the DSPScheduleID), so the user learns that
    // the read it expects will not come. Null when already staged.
    private OutboxMessage? StageRefusal(DccSchedule schedule, RequestId requestId, DuisOutcome outcome)
    {
        var responses = _responses!;
        var xml = responses.Writer.DeviceResponseBytes(requestId, SrvCatalogue.Find(schedule.Srv)!.ServiceReference, schedule.Srv,
            outcome.ResponseCode ?? ResponseCodes.E1, null, schedule.Id);
        return responses.Outbox.Stage(new DuisDelivery(schedule.User, DuisMessageKind.Response, requestId.ToString(), xml));
    }

    private static DateTimeOffset? TryNextAfter(DccSchedule schedule, DateTimeOffset runAt, DateTimeOffset now)
    {
        try
        {
            return NextAfter(schedule, runAt, now);
        }
        catch (ScheduleException)
        {
            return null;
        }
    }

    // The first run after this one and after now (a long outage runs once, not once per missed period), on the
    // schedule's calendar (ScheduleCalendar: months from the start date, UK time); null past the end date.
    private static DateTimeOffset? NextAfter(DccSchedule schedule, DateTimeOffset runAt, DateTimeOffset now) =>
        ScheduleCalendar.Of(schedule).FirstAfter(runAt > now ? runAt : now);

    // Microseconds since the Unix epoch, as `commshub send` counts, and never repeated by this instance: the GBCS
    // originator counter of the run, which a device wants increasing.
    private ulong NextCounter()
    {
        var micros = (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
        long last, next;
        do
        {
            last = Interlocked.Read(ref _lastCounter);
            next = Math.Max(micros, last + 1);
        }
        while (Interlocked.CompareExchange(ref _lastCounter, next, last) != last);
        return (ulong)next;
    }
}
