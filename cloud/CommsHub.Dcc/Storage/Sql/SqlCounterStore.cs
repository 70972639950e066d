using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// The persisted <see cref="ICounterStore"/>: table <c>request_counters</c>. The advance is one conditional upsert
/// (<c>ON CONFLICT ... DO UPDATE ... WHERE counter &lt; new</c>), so the database decides atomically: of two copies of a
/// request racing on any number of adapter instances, exactly one changes the row. <see cref="TryAcceptInWindow"/> keeps
/// the <see cref="CounterWindow"/> bitmap in <c>seen_below</c> (bit i set = counter - 1 - i seen; -1, all seen, for
/// rows from before the window existed and for <see cref="TryAdvance"/>'s rows) and is one conditional upsert too, so two
/// instances taking two counters of one device at once cannot lose each other's bit.
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

    public bool TryAcceptInWindow(ulong originator, ulong counter)
    {
        // CounterWindow.Accept in SQL. Counters are stored shifted into signed BIGINTs (SqlValues.Counter): a difference is
        // taken only where the CASE has bounded it to 1..64 (no overflow), and the bounds are parameters. PostgreSQL gives
        // these operators one precedence and shifts modulo 64, hence the brackets and the shift by up to 64 in two steps.
        // The WHERE alone decides whether the row changes (a seen counter changes nothing); the SET repeats its cases.
        var floor = counter > CounterWindow.Size ? counter - CounterWindow.Size : 0;
        var ceiling = counter < ulong.MaxValue - CounterWindow.Size ? counter + CounterWindow.Size : ulong.MaxValue;
        return db.Execute("""
            INSERT INTO request_counters (user_eui, counter, seen_below) VALUES (@party, @counter, 0)
            ON CONFLICT (user_eui) DO UPDATE SET
                counter = CASE WHEN request_counters.counter < excluded.counter THEN excluded.counter
                    ELSE request_counters.counter END,
                seen_below = CASE
                    WHEN request_counters.counter < @floor THEN 0
                    WHEN request_counters.counter < excluded.counter THEN
                        ((request_counters.seen_below << CAST(excluded.counter - request_counters.counter - 1 AS INTEGER)) << 1)
                        | (CAST(1 AS BIGINT) << CAST(excluded.counter - request_counters.counter - 1 AS INTEGER))
                    WHEN request_counters.counter > excluded.counter AND request_counters.counter <= @ceiling THEN
                        request_counters.seen_below
                        | (CAST(1 AS BIGINT) << CAST(request_counters.counter - excluded.counter - 1 AS INTEGER))
                    ELSE request_counters.seen_below END
            WHERE (CASE
                WHEN request_counters.counter < excluded.counter THEN 1
                WHEN request_counters.counter > excluded.counter AND request_counters.counter <= @ceiling THEN
                    CASE WHEN (request_counters.seen_below
                            & (CAST(1 AS BIGINT) << CAST(request_counters.counter - excluded.counter - 1 AS INTEGER))) = 0
                        THEN 1 ELSE 0 END
                ELSE 0 END) = 1
            """,
            ("@party", SqlValues.Eui(originator)), ("@counter", SqlValues.Counter(counter)),
            ("@floor", SqlValues.Counter(floor)), ("@ceiling", SqlValues.Counter(ceiling))) == 1;
    }
}
