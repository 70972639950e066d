using System.Data.Common;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// <see cref="IQuarantineStore"/> over <c>quarantines</c> and <c>quarantine_holds</c>. A partial unique index allows one
/// open quarantine per user and SRV, so concurrent breaches on several instances end up in the same quarantine.
/// </summary>
internal sealed class SqlQuarantineStore(SqlDatabase db) : IQuarantineStore
{
    private const string Select = "SELECT id, user_eui, srv, opened_at, reason, state, resolved_at, resolved_by FROM quarantines";

    public QuarantineEpisode Open(ulong userEui, string srv, DateTimeOffset at, string reason)
    {
        db.Execute("""
            INSERT INTO quarantines (user_eui, srv, opened_at, reason, state) VALUES (@user, @srv, @at, @reason, 'Open')
            ON CONFLICT DO NOTHING
            """,
            ("@user", SqlValues.Eui(userEui)), ("@srv", srv), ("@at", SqlValues.Time(at)), ("@reason", reason));
        return FindOpen(userEui, srv)
            ?? throw new InvalidOperationException("quarantine was resolved between being opened and read back");
    }

    public QuarantineEpisode? FindOpen(ulong userEui, string srv) =>
        db.First($"{Select} WHERE user_eui = @user AND srv = @srv AND state = 'Open'", Map,
            ("@user", SqlValues.Eui(userEui)), ("@srv", srv));

    public QuarantineEpisode? Get(long id) => db.First($"{Select} WHERE id = @id", Map, ("@id", id));

    public IReadOnlyList<QuarantineEpisode> ListOpen() => db.List($"{Select} WHERE state = 'Open' ORDER BY id", Map);

    public bool Hold(long id, string requestId, DateTimeOffset at) =>
        db.InTransaction(s =>
        {
            var (c, tx) = (s.Connection, s.Transaction);
            // The no-op UPDATE takes the quarantine's row lock (PostgreSQL) or the write lock (SQLite), the same lock
            // Resolve's UPDATE takes: hold and resolution are serialised, and a resolved quarantine holds nothing new.
            using var touch = SqlDatabase.Command(c, tx, "UPDATE quarantines SET state = state WHERE id = @id AND state = 'Open'", ("@id", id));
            if (touch.ExecuteNonQuery() != 1) return false;
            using var insert = SqlDatabase.Command(c, tx,
                "INSERT INTO quarantine_holds (quarantine_id, request_id, held_at) VALUES (@id, @rid, @at) ON CONFLICT DO NOTHING",
                ("@id", id), ("@rid", requestId), ("@at", SqlValues.Time(at)));
            insert.ExecuteNonQuery();
            return true;
        });

    public IReadOnlyList<string> Held(long id) =>
        db.List("SELECT request_id FROM quarantine_holds WHERE quarantine_id = @id ORDER BY id", r => r.GetString(0), ("@id", id));

    public bool Resolve(long id, QuarantineState outcome, string operatorName, DateTimeOffset at)
    {
        if (outcome == QuarantineState.Open) throw new ArgumentException("resolve to Released or Rejected", nameof(outcome));
        return db.Execute("""
            UPDATE quarantines SET state = @state, resolved_at = @at, resolved_by = @by WHERE id = @id AND state = 'Open'
            """,
            ("@state", outcome.ToString()), ("@at", SqlValues.Time(at)), ("@by", operatorName), ("@id", id)) == 1;
    }

    private static QuarantineEpisode Map(DbDataReader r) => new(
        r.GetInt64(0), SqlValues.ParseEui(r.GetString(1)), r.GetString(2), SqlValues.ParseTime(r.GetInt64(3)), r.GetString(4),
        Enum.Parse<QuarantineState>(r.GetString(5)), r.IsDBNull(6) ? null : SqlValues.ParseTime(r.GetInt64(6)),
        r.IsDBNull(7) ? null : r.GetString(7));
}
