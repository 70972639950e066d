using System.Data.Common;
using CommsHub.Dcc.Pipeline;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// <see cref="IPreCommandStore"/> over table <c>pre_commands</c> (key: device + originator counter), so a CV5-7 is
/// accepted by any adapter instance on the database and after a restart. <see cref="Remove"/> and
/// <see cref="PurgeExpired"/> are DELETEs whose row counts say what this caller took: of two concurrent CV5s for one
/// pre-command only one gets true, and a row the purge deleted is no longer there for a CV5. Expired rows are never
/// returned; the sweeper purges them.
/// </summary>
internal sealed class SqlPreCommandLedger(SqlDatabase db) : IPreCommandStore
{
    public void Record(IssuedPreCommand issued)
    {
        ArgumentNullException.ThrowIfNull(issued);
        db.Execute("""
            INSERT INTO pre_commands (device_eui, originator_counter, user_eui, srv, pre_command, expires_at)
            VALUES (@device, @counter, @user, @srv, @pc, @expires)
            ON CONFLICT (device_eui, originator_counter) DO UPDATE SET user_eui = excluded.user_eui, srv = excluded.srv,
                pre_command = excluded.pre_command, expires_at = excluded.expires_at
            """,
            ("@device", SqlValues.Eui(issued.Device)), ("@counter", SqlValues.Counter(issued.OriginatorCounter)),
            ("@user", SqlValues.Eui(issued.User)), ("@srv", issued.Srv), ("@pc", issued.PreCommand),
            ("@expires", SqlValues.Time(issued.ExpiresAt)));
    }

    public IssuedPreCommand? Find(ulong device, ulong originatorCounter, DateTimeOffset now) =>
        db.First("""
            SELECT user_eui, device_eui, originator_counter, srv, pre_command, expires_at FROM pre_commands
            WHERE device_eui = @device AND originator_counter = @counter AND expires_at > @now
            """, Map,
            ("@device", SqlValues.Eui(device)), ("@counter", SqlValues.Counter(originatorCounter)), ("@now", SqlValues.Time(now)));

    public bool Remove(ulong device, ulong originatorCounter) =>
        db.Execute("DELETE FROM pre_commands WHERE device_eui = @device AND originator_counter = @counter",
            ("@device", SqlValues.Eui(device)), ("@counter", SqlValues.Counter(originatorCounter))) == 1;

    // Bounded by a key subquery (row values work in both dialects) so that the first sweep after a long outage does not
    // hold SQLite's write lock for one huge DELETE; the index on expires_at finds the oldest rows.
    public int PurgeExpired(DateTimeOffset now, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return db.Execute("""
            DELETE FROM pre_commands WHERE (device_eui, originator_counter) IN (
                SELECT device_eui, originator_counter FROM pre_commands WHERE expires_at <= @now ORDER BY expires_at LIMIT @limit)
            """,
            ("@now", SqlValues.Time(now)), ("@limit", limit));
    }

    private static IssuedPreCommand Map(DbDataReader r) => new(
        SqlValues.ParseEui(r.GetString(0)),
        SqlValues.ParseEui(r.GetString(1)),
        SqlValues.ParseCounter(r.GetInt64(2)),
        r.GetString(3),
        (byte[])r.GetValue(4),
        SqlValues.ParseTime(r.GetInt64(5)));
}
