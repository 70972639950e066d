namespace CommsHub.Dcc.Schedules;

/// <summary>DCC schedules (<see cref="DccSchedule"/>), shared by every adapter instance on the database.</summary>
public interface IScheduleStore
{
    /// <summary>Stores <paramref name="schedule"/> (its <see cref="DccSchedule.Id"/> is ignored) and returns its new DSPScheduleID.</summary>
    long Add(DccSchedule schedule);

    /// <summary>The schedule with that ID, or null.</summary>
    DccSchedule? Find(long id);

    /// <summary>Every schedule of <paramref name="user"/>, by ID.</summary>
    IReadOnlyList<DccSchedule> OfUser(ulong user);

    /// <summary>Deletes the schedule if <paramref name="user"/> owns it; false when there is no such schedule of that user.</summary>
    bool Delete(long id, ulong user);

    /// <summary>At most <paramref name="limit"/> schedules whose next run is at or before <paramref name="now"/>, earliest first.</summary>
    IReadOnlyList<DccSchedule> Due(DateTimeOffset now, int limit);

    /// <summary>
    /// Moves a schedule's next run from <paramref name="expected"/> (null: finished) to <paramref name="next"/> (null:
    /// finished). False when its next run is no longer <paramref name="expected"/> (another instance ran it) or it was
    /// deleted, so each run is claimed by one instance. Joins the caller's unit of work when one is open: the runner
    /// claims inside the run's own, so a run whose decision is not kept is not claimed either.
    /// </summary>
    bool Advance(long id, DateTimeOffset? expected, DateTimeOffset? next);

    /// <summary>Records that a run of schedule <paramref name="scheduleId"/> due at <paramref name="runAt"/> was sent as <paramref name="requestId"/>.</summary>
    void RecordRun(string requestId, long scheduleId, DateTimeOffset runAt);

    /// <summary>The DSPScheduleID whose run was sent as <paramref name="requestId"/>, or null for any other request.</summary>
    long? ScheduleOfRun(string requestId);

    /// <summary>
    /// Deletes at most <paramref name="limit"/> run records due before <paramref name="runBefore"/> whose request is no
    /// longer stored (its finished request was purged, or it never became one), and returns how many. Without it the
    /// table would keep one row per run for ever; a run whose request is still stored keeps its row, so its answer is
    /// still delivered as a DSPScheduledMessage.
    /// </summary>
    int PurgeRuns(DateTimeOffset runBefore, int limit);
}
