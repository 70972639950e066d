using System.Data.Common;
using CommsHub.Dcc.Access;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// <see cref="IAuditTrail"/> over table <c>audit</c>. Insert and select only; the table's triggers refuse UPDATE and
/// DELETE (and TRUNCATE on PostgreSQL) for anyone, this code included.
/// </summary>
internal sealed class SqlAuditTrail(SqlDatabase db) : IAuditTrail
{
    private const string Select =
        "SELECT seq, at, actor, user_eui, srv, request_id, device_eui, response_code, outcome, reason FROM audit";

    public long Append(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // INTEGER PRIMARY KEY (SQLite) / identity (PostgreSQL): the database numbers the entries.
        return db.Dialect.InsertReturningKey(db, """
            INSERT INTO audit (at, actor, user_eui, srv, request_id, device_eui, response_code, outcome, reason)
            VALUES (@at, @actor, @user, @srv, @rid, @device, @code, @outcome, @reason)
            """, "seq",
            ("@at", SqlValues.Time(entry.At)), ("@actor", entry.Actor), ("@user", SqlValues.Eui(entry.UserEui)),
            ("@srv", entry.Srv), ("@rid", entry.RequestId), ("@device", SqlValues.Eui(entry.DeviceEui)),
            ("@code", entry.ResponseCode), ("@outcome", entry.Outcome.ToString()), ("@reason", entry.Reason));
    }

    public IReadOnlyList<AuditEntry> Read(ulong? userEui = null, long afterSequence = 0, int limit = 1000) =>
        userEui is { } user
            ? db.List($"{Select} WHERE user_eui = @user AND seq > @after ORDER BY seq LIMIT @limit", Map,
                ("@user", SqlValues.Eui(user)), ("@after", afterSequence), ("@limit", limit))
            : db.List($"{Select} WHERE seq > @after ORDER BY seq LIMIT @limit", Map, ("@after", afterSequence), ("@limit", limit));

    public IReadOnlyList<AuditEntry> ForRequest(string requestId) =>
        db.List($"{Select} WHERE request_id = @rid ORDER BY seq", Map, ("@rid", requestId));

    private static AuditEntry Map(DbDataReader r) => new(
        SqlValues.ParseTime(r.GetInt64(1)), r.GetString(2), SqlValues.ParseEui(r.GetString(3)), r.GetString(4), r.GetString(5),
        r.IsDBNull(6) ? null : SqlValues.ParseEui(r.GetString(6)), r.GetString(7), Enum.Parse<AccessOutcome>(r.GetString(8)),
        r.GetString(9))
    {
        Sequence = r.GetInt64(0),
    };
}
