using System.Data.Common;
using System.Globalization;
using CommsHub.Dcc.Schedules;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// <see cref="IScheduleStore"/> over table <c>dcc_schedules</c>. The ID is the database's own key, so every instance on
/// the database hands out distinct DSPScheduleIDs. <see cref="Advance"/> is a compare-and-set on <c>next_run_at</c>:
/// of two instances finding one schedule due, only one claims the run.
/// </summary>
internal sealed class SqlScheduleStore(SqlDatabase db) : IScheduleStore
{
    private const string Columns = "id, user_eui, device_eui, srv, frequency, start_date, end_date, details, created_at, next_run_at";

    public long Add(DccSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return db.Dialect.InsertReturningKey(db, """
            INSERT INTO dcc_schedules (user_eui, device_eui, srv, frequency, start_date, end_date, details, created_at, next_run_at)
            VALUES (@user, @device, @srv, @frequency, @start, @end, @details, @created, @next)
            """, "id",
            ("@user", SqlValues.Eui(schedule.User)), ("@device", SqlValues.Eui(schedule.Device)), ("@srv", schedule.Srv),
            ("@frequency", ScheduleFrequencies.ToText(schedule.Frequency)), ("@start", Date(schedule.Start)),
            ("@end", schedule.End is { } end ? Date(end) : DBNull.Value), ("@details", schedule.Details),
            ("@created", SqlValues.Time(schedule.CreatedAt)), ("@next", SqlValues.Time(schedule.NextRunAt)));
    }

    public DccSchedule? Find(long id) =>
        db.First($"SELECT {Columns} FROM dcc_schedules WHERE id = @id", Map, ("@id", id));

    public IReadOnlyList<DccSchedule> OfUser(ulong user) =>
        db.List($"SELECT {Columns} FROM dcc_schedules WHERE user_eui = @user ORDER BY id", Map, ("@user", SqlValues.Eui(user)));

    public bool Delete(long id, ulong user) =>
        db.Execute("DELETE FROM dcc_schedules WHERE id = @id AND user_eui = @user", ("@id", id), ("@user", SqlValues.Eui(user))) == 1;

    public IReadOnlyList<DccSchedule> Due(DateTimeOffset now, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return db.List($"""
            SELECT {Columns} FROM dcc_schedules WHERE next_run_at IS NOT NULL AND next_run_at <= @now
            ORDER BY next_run_at, id LIMIT @limit
            """, Map, ("@now", SqlValues.Time(now)), ("@limit", limit));
    }

    public bool Advance(long id, DateTimeOffset? expected, DateTimeOffset? next) =>
        expected is { } at
            ? db.Execute("UPDATE dcc_schedules SET next_run_at = @next WHERE id = @id AND next_run_at = @expected",
                ("@next", SqlValues.Time(next)), ("@id", id), ("@expected", SqlValues.Time(at))) == 1
            : db.Execute("UPDATE dcc_schedules SET next_run_at = @next WHERE id = @id AND next_run_at IS NULL",
                ("@next", SqlValues.Time(next)), ("@id", id)) == 1;

    public void RecordRun(string requestId, long scheduleId, DateTimeOffset runAt)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        db.Execute("INSERT INTO dcc_schedule_runs (request_id, schedule_id, run_at) VALUES (@request, @schedule, @at)",
            ("@request", requestId), ("@schedule", scheduleId), ("@at", SqlValues.Time(runAt)));
    }

    public long? ScheduleOfRun(string requestId) =>
        db.Scalar("SELECT schedule_id FROM dcc_schedule_runs WHERE request_id = @request", ("@request", requestId)) is { } id and not DBNull
            ? Convert.ToInt64(id, CultureInfo.InvariantCulture)
            : null;

    // Bounded through a key subquery, as the other purges, so a first sweep after a long pause never holds the write
    // lock for one huge DELETE.
    public int PurgeRuns(DateTimeOffset runBefore, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return db.Execute($"""
            DELETE FROM dcc_schedule_runs WHERE request_id IN (
                SELECT r.request_id FROM dcc_schedule_runs r
                WHERE r.run_at < @before AND NOT EXISTS (SELECT 1 FROM pending_requests p WHERE p.request_id = r.request_id)
                ORDER BY r.run_at LIMIT @limit{db.Dialect.SkipLockedRows})
            """,
            ("@before", SqlValues.Time(runBefore)), ("@limit", limit));
    }

    private static DccSchedule Map(DbDataReader r) => new(
        r.GetInt64(0), SqlValues.ParseEui(r.GetString(1)), SqlValues.ParseEui(r.GetString(2)), r.GetString(3),
        ScheduleFrequencies.Parse(r.GetString(4)), ParseDate(r.GetString(5)), r.IsDBNull(6) ? null : ParseDate(r.GetString(6)),
        r.GetString(7), SqlValues.ParseTime(r.GetInt64(8)), r.IsDBNull(9) ? null : SqlValues.ParseTime(r.GetInt64(9)));

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
