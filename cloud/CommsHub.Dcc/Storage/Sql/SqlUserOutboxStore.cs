using System.Data.Common;
using System.Security.Cryptography;
using CommsHub.Dcc.Dispatch;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// <see cref="IUserOutboxStore"/> over table <c>user_outbox</c> (unique kind + delivery key). Each row also holds the
/// SHA-256 of its document, so an MQTT PUBACK, which names the publish only by its content, finds its row by index.
/// </summary>
internal sealed class SqlUserOutboxStore(SqlDatabase db) : IUserOutboxStore
{
    private const string Columns = "user_eui, kind, delivery_key, xml, created_at, next_attempt_at, attempts";

    public bool Add(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return db.Execute($"""
            INSERT INTO user_outbox ({Columns}, digest)
            VALUES (@user, @kind, @key, @xml, @created, @next, @attempts, @digest)
            ON CONFLICT DO NOTHING
            """,
            ("@user", SqlValues.Eui(message.UserEui)), ("@kind", message.Kind.ToString()), ("@key", message.Key), ("@xml", message.Xml),
            ("@created", SqlValues.Time(message.CreatedAt)), ("@next", SqlValues.Time(message.NextAttemptAt)),
            ("@attempts", message.Attempts), ("@digest", SHA256.HashData(message.Xml))) == 1;
    }

    public OutboxMessage? Find(DuisMessageKind kind, string key) =>
        db.First($"SELECT {Columns} FROM user_outbox WHERE kind = @kind AND delivery_key = @key", Map,
            ("@kind", kind.ToString()), ("@key", key));

    // One UPDATE over a key subquery: the compare-and-set of the claim. On PostgreSQL the subquery skips rows another
    // instance is claiming right now, and a row that instance has already moved forward fails the re-checked due
    // condition, so two instances never claim the same row for the same lease.
    public IReadOnlyList<OutboxMessage> ClaimDue(DateTimeOffset now, DateTimeOffset leaseUntil, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var claimed = db.Write($"""
            UPDATE user_outbox SET next_attempt_at = @lease, attempts = attempts + 1
            WHERE seq IN (
                SELECT seq FROM user_outbox WHERE next_attempt_at <= @now
                ORDER BY next_attempt_at, seq LIMIT @limit{db.Dialect.SkipLockedRows})
            RETURNING seq, {Columns}
            """,
            [("@lease", SqlValues.Time(leaseUntil)), ("@now", SqlValues.Time(now)), ("@limit", limit)],
            static c =>
            {
                using var reader = c.ExecuteReader();
                var rows = new List<(long Seq, OutboxMessage Message)>();
                while (reader.Read()) rows.Add((reader.GetInt64(0), Map(reader, 1)));
                return rows;
            });
        // RETURNING has no order: oldest first, as the subquery chose them.
        return claimed.OrderBy(r => r.Seq).Select(r => r.Message).ToList();
    }

    // Not a handed-over row: a PUBACK recorded before the pass that sent it gets here must not make it due again.
    public bool Postpone(DuisMessageKind kind, string key, DateTimeOffset nextAttemptAt) =>
        db.Execute("UPDATE user_outbox SET next_attempt_at = @next WHERE kind = @kind AND delivery_key = @key AND handed_at IS NULL",
            ("@next", SqlValues.Time(nextAttemptAt)), ("@kind", kind.ToString()), ("@key", key)) == 1;

    public bool Remove(DuisMessageKind kind, string key) =>
        db.Execute("DELETE FROM user_outbox WHERE kind = @kind AND delivery_key = @key", ("@kind", kind.ToString()), ("@key", key)) == 1;

    // Keys per DELETE or UPDATE: lists are padded to a power of two (repeating the last key, which IN ignores), so at most seven
    // statement texts exist per kind of statement, each prepared once per connection.
    private const int MaxKeysPerDelete = 64;
    private static readonly string[] RemoveAllSql = KeyListStatements("DELETE FROM user_outbox");
    // Handed over: kept with its stamp and never due (next attempt at the end of time, so the due index skips it).
    private static readonly string[] HandOverAllSql = KeyListStatements("UPDATE user_outbox SET handed_at = @at, next_attempt_at = @never");
    private static readonly long Never = SqlValues.Time(DateTimeOffset.MaxValue);
    private static readonly string[] KeyNames = [.. Enumerable.Range(0, MaxKeysPerDelete).Select(static i => "@k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static string[] KeyListStatements(string head) => [.. Enumerable.Range(0, 7).Select(p =>
        head + " WHERE kind = @kind AND delivery_key IN ("
        + string.Join(", ", Enumerable.Range(0, 1 << p).Select(static i => "@k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")")];

    public int RemoveAll(IReadOnlyCollection<(DuisMessageKind Kind, string Key)> messages) => ForKeys(messages, RemoveAllSql, []);

    public int HandOverAll(IReadOnlyCollection<(DuisMessageKind Kind, string Key)> messages, DateTimeOffset at) =>
        ForKeys(messages, HandOverAllSql, [("@at", SqlValues.Time(at)), ("@never", Never)]);

    private int ForKeys(IReadOnlyCollection<(DuisMessageKind Kind, string Key)> messages, string[] sql, (string, object?)[] extra)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0) return 0;
        var statements = new List<(string Sql, (string, object?)[] Args)>();
        foreach (var kind in messages.Select(static m => m.Kind).Distinct())
        {
            var keys = messages.Where(m => m.Kind == kind).Select(static m => m.Key).Distinct(StringComparer.Ordinal).ToArray();
            for (var from = 0; from < keys.Length; from += MaxKeysPerDelete)
                statements.Add(KeyStatement(sql, extra, kind, keys.AsSpan(from, Math.Min(MaxKeysPerDelete, keys.Length - from))));
        }
        // In a unit of work: each statement fails alone (the unit's other work is kept). Alone: one transaction.
        if (db.Ambient is not null) return statements.Sum(d => db.WriteIsolated(d.Sql, d.Args, static c => c.ExecuteNonQuery()));
        return db.InTransaction(session => statements.Sum(d => session.Run(d.Sql, d.Args, static c => c.ExecuteNonQuery())));
    }

    private static (string Sql, (string, object?)[] Args) KeyStatement(string[] sql, (string, object?)[] extra, DuisMessageKind kind, ReadOnlySpan<string> keys)
    {
        var power = 0;
        while (1 << power < keys.Length) power++;
        var args = new (string, object?)[(1 << power) + 1 + extra.Length];
        args[0] = ("@kind", kind.ToString());
        for (var i = 0; i < 1 << power; i++) args[i + 1] = (KeyNames[i], keys[Math.Min(i, keys.Length - 1)]);
        extra.CopyTo(args, (1 << power) + 1);
        return (sql[power], args);
    }

    public int ResendHandedOver(DateTimeOffset since, DateTimeOffset now, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return db.Execute("""
            UPDATE user_outbox SET handed_at = NULL, next_attempt_at = @now WHERE seq IN (
                SELECT seq FROM user_outbox WHERE handed_at >= @since AND handed_at <= @now ORDER BY handed_at LIMIT @limit)
            """,
            ("@now", SqlValues.Time(now)), ("@since", SqlValues.Time(since)), ("@limit", limit));
    }

    // Bounded like PurgeExpired: the broker saved these long ago; no statement holds locks over a huge backlog.
    public int PurgeHandedOver(DateTimeOffset before, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return db.Execute($"""
            DELETE FROM user_outbox WHERE seq IN (
                SELECT seq FROM user_outbox WHERE handed_at < @before ORDER BY handed_at LIMIT @limit{db.Dialect.SkipLockedRows})
            """,
            ("@before", SqlValues.Time(before)), ("@limit", limit));
    }

    public int RemoveTaken(ulong user, ReadOnlySpan<byte> xml) =>
        db.Execute("DELETE FROM user_outbox WHERE user_eui = @user AND digest = @digest",
            ("@user", SqlValues.Eui(user)), ("@digest", SHA256.HashData(xml)));

    public int MakeDue(ulong user, DateTimeOffset now) =>
        db.Execute("UPDATE user_outbox SET next_attempt_at = @now WHERE user_eui = @user AND next_attempt_at > @now AND handed_at IS NULL",
            ("@now", SqlValues.Time(now)), ("@user", SqlValues.Eui(user)));

    // Bounded through a key subquery like the other purges, so a long-neglected outbox never holds SQLite's write lock,
    // or PostgreSQL row locks, for one huge DELETE.
    public IReadOnlyList<(ulong UserEui, DuisMessageKind Kind, string Key)> PurgeExpired(DateTimeOffset createdBefore, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return db.Write($"""
            DELETE FROM user_outbox WHERE seq IN (
                SELECT seq FROM user_outbox WHERE created_at < @before ORDER BY created_at, seq LIMIT @limit{db.Dialect.SkipLockedRows})
            RETURNING user_eui, kind, delivery_key
            """,
            [("@before", SqlValues.Time(createdBefore)), ("@limit", limit)],
            static c =>
            {
                using var reader = c.ExecuteReader();
                var rows = new List<(ulong, DuisMessageKind, string)>();
                while (reader.Read())
                    rows.Add((SqlValues.ParseEui(reader.GetString(0)), Enum.Parse<DuisMessageKind>(reader.GetString(1)), reader.GetString(2)));
                return rows;
            });
    }

    public IReadOnlyList<OutboxBacklog> Backlog(int limit = 100) =>
        db.List("""
            SELECT user_eui, COUNT(*), MIN(created_at), MAX(attempts) FROM user_outbox WHERE handed_at IS NULL
            GROUP BY user_eui ORDER BY MIN(created_at), user_eui LIMIT @limit
            """,
            static r => new OutboxBacklog(SqlValues.ParseEui(r.GetString(0)), Convert.ToInt32(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
                SqlValues.ParseTime(r.GetInt64(2)), Convert.ToInt32(r.GetValue(3), System.Globalization.CultureInfo.InvariantCulture)),
            ("@limit", limit));

    private static OutboxMessage Map(DbDataReader r) => Map(r, 0);

    private static OutboxMessage Map(DbDataReader r, int first) => new(
        SqlValues.ParseEui(r.GetString(first)),
        Enum.Parse<DuisMessageKind>(r.GetString(first + 1)),
        r.GetString(first + 2),
        (byte[])r.GetValue(first + 3),
        SqlValues.ParseTime(r.GetInt64(first + 4)),
        SqlValues.ParseTime(r.GetInt64(first + 5)),
        Convert.ToInt32(r.GetValue(first + 6), System.Globalization.CultureInfo.InvariantCulture));
}
