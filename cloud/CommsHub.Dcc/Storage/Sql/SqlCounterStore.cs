using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// The persisted <see cref="ICounterStore"/>: table <c>request_counters</c>. The advance is one conditional upsert
/// (<c>ON CONFLICT ... DO UPDATE ... WHERE counter &lt; new</c>), so the database decides atomically: of two copies of a
/// request racing on any number of adapter instances, exactly one changes the row.
/// </summary>
internal sealed class SqlCounterStore(SqlDatabase db) : ICounterStore
{
    public bool TryAdvance(ulong userEui, ulong counter, out ulong? previous)
    {
        var user = SqlValues.Eui(userEui);
        var advanced = db.Execute("""
            INSERT INTO request_counters (user_eui, counter) VALUES (@user, @counter)
            ON CONFLICT (user_eui) DO UPDATE SET counter = excluded.counter
            WHERE request_counters.counter < excluded.counter
            """,
            ("@user", user), ("@counter", SqlValues.Counter(counter))) == 1;
        if (advanced)
        {
            // The value replaced is not needed by ReplayGuard on success; reading it would cost a round trip per request.
            previous = null;
            return true;
        }
        previous = db.Scalar("SELECT counter FROM request_counters WHERE user_eui = @user", ("@user", user)) is { } stored
            ? SqlValues.ParseCounter(Convert.ToInt64(stored))
            : null;
        return false;
    }
}
