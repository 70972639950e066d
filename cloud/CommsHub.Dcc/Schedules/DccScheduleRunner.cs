using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;

namespace CommsHub.Dcc.Schedules;

/// <summary>What became of one due run of a schedule.</summary>
/// <param name="ScheduleId">The DSPScheduleID.</param>
/// <param name="RunAt">The run's due time.</param>
/// <param name="RequestId">The RequestID the run was sent with (the device's answer reaches the user under it); null when it
/// could not be built.</param>
/// <param name="Outcome">The pipeline's decision (I99 when the command went to the device), or the refusal.</param>
public sealed record ScheduledRun(long ScheduleId, DateTimeOffset RunAt, string? RequestId, DuisOutcome Outcome);

/// <summary>
/// Runs due DCC schedules: claims each due run (<see cref="IScheduleStore.Advance"/> moves the schedule to its next run,
/// so of several adapter instances one runs it), builds the scheduled SRV's request (<see cref="ScheduledRequestBuilder"/>)
/// and decides it in the normal pipeline (<see cref="DuisRequestProcessor.DecideBatchAsync"/>: access control as at
/// creation, the transform, the pending request and the dispatch), marked <see cref="DuisBatchItem.DccScheduled"/>.
/// The device's answer then reaches the user under that RequestID as a <c>sr:DSPScheduledMessage</c> carrying the
/// DSPScheduleID (<see cref="IScheduleStore.ScheduleOfRun"/>).
/// </summary>
/// <remarks>A run missed while no instance was up is run once when found, not once per missed period: the next run is
/// the first one after now.</remarks>
public sealed class DccScheduleRunner(IScheduleStore schedules, DuisRequestProcessor processor, TimeProvider? time = null)
{
    private readonly IScheduleStore _schedules = schedules ?? throw new ArgumentNullException(nameof(schedules));
    private readonly DuisRequestProcessor _processor = processor ?? throw new ArgumentNullException(nameof(processor));
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _lastCounter;

    /// <summary>Runs every schedule due now (at most <paramref name="limit"/>); returns what became of each run this call claimed.</summary>
    public async Task<IReadOnlyList<ScheduledRun>> RunDueAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var runs = new List<ScheduledRun>();
        foreach (var schedule in _schedules.Due(now, limit))
        {
            var runAt = schedule.NextRunAt!.Value;
            var next = NextAfter(schedule, runAt, now);
            if (!_schedules.Advance(schedule.Id, runAt, next)) continue; // another instance took it
            ScheduledRun run;
            try
            {
                run = await RunAsync(schedule, runAt, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                GiveBack(schedule.Id, runAt, next);
                throw;
            }
            if (run.Outcome.Kind is DuisOutcomeKind.Unavailable or DuisOutcomeKind.Failed) GiveBack(schedule.Id, runAt, next);
            runs.Add(run);
        }
        return runs;
    }

    // The run was claimed but nothing of its request was kept (the store failed): the claim is undone, so the next pass
    // (of any instance) runs it, rather than the schedule skipping it for good. If the store is still down this fails
    // too, and the run is lost as it would be to a crash between the claim and the decision.
    private void GiveBack(long id, DateTimeOffset runAt, DateTimeOffset? next)
    {
        try
        {
            _schedules.Advance(id, next, runAt);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            // Reported by the run's own outcome or exception.
        }
    }

    private async Task<ScheduledRun> RunAsync(DccSchedule schedule, DateTimeOffset runAt, CancellationToken cancellationToken)
    {
        DuisRequest request;
        try
        {
            request = DuisRequestParser.Parse(ScheduledRequestBuilder.Build(schedule, runAt, NextCounter()));
        }
        catch (ScheduleException ex)
        {
            return new ScheduledRun(schedule.Id, runAt, null, new DuisOutcome(DuisOutcomeKind.Rejected, ex.ResponseCode, ex.Message));
        }
        // Recorded first: the device may answer before the decision returns. A run that then fails leaves a row no answer names.
        _schedules.RecordRun(request.Header.RequestId.ToString(), schedule.Id, runAt);
        var item = new DuisBatchItem(request, null, DuisEndpoints.HttpEndpointFor(1)!.Value) { DccScheduled = true };
        var outcome = (await _processor.DecideBatchAsync([item], cancellationToken).ConfigureAwait(false))[0];
        return new ScheduledRun(schedule.Id, runAt, request.Header.RequestId.ToString(), outcome);
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
