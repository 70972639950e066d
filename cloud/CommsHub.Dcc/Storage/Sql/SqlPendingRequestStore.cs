using System.Data.Common;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// <see cref="IPendingRequestStore"/> over table <c>pending_requests</c> (unique RequestID; unique device + command
/// originator + originator counter, the originator NULL on rows from before schema 7).
/// </summary>
internal sealed class SqlPendingRequestStore(SqlDatabase db) : IPendingRequestStore
{
    private const string Select = """
        SELECT request_id, user_eui, device_eui, originator_counter, srv, state, created_at, deadline, gbcs, response_code,
            originator_eui
        FROM pending_requests
        """;

    public bool Add(PendingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // ON CONFLICT DO NOTHING covers both unique keys: a duplicate delivery (QoS 1) is a no-op, not an error.
        return db.Execute("""
            INSERT INTO pending_requests
                (request_id, user_eui, device_eui, originator_eui, originator_counter, srv, state, created_at, deadline, gbcs,
                 response_code)
            VALUES (@rid, @user, @device, @originator, @counter, @srv, @state, @created, @deadline, @gbcs, @code)
            ON CONFLICT DO NOTHING
            """,
            ("@rid", request.RequestId), ("@user", SqlValues.Eui(request.UserEui)), ("@device", SqlValues.Eui(request.DeviceEui)),
            ("@originator", SqlValues.Eui(request.CommandOriginator ?? request.UserEui)),
            ("@counter", SqlValues.Counter(request.OriginatorCounter)), ("@srv", request.Srv), ("@state", request.State.ToString()),
            ("@created", SqlValues.Time(request.CreatedAt)), ("@deadline", SqlValues.Time(request.Deadline)),
            ("@gbcs", request.Gbcs), ("@code", SqlValues.OrNull(request.ResponseCode))) == 1;
    }

    public PendingRequest? Find(string requestId) =>
        db.First($"{Select} WHERE request_id = @rid", Map, ("@rid", requestId));

    // A row from before schema 7 (originator NULL) matches any originator, as it did then; a row naming the originator
    // is preferred when both exist. Two exact probes of the correlation index, the legacy one only on a miss: one OR-ed
    // statement made SQLite search the index twice, collect the rows and sort them on every response.
    public PendingRequest? FindByCorrelation(ulong deviceEui, ulong commandOriginator, ulong originatorCounter)
    {
        var device = SqlValues.Eui(deviceEui);
        var counter = SqlValues.Counter(originatorCounter);
        return db.First($"{Select} WHERE device_eui = @device AND originator_eui = @originator AND originator_counter = @counter", Map,
                ("@device", device), ("@originator", SqlValues.Eui(commandOriginator)), ("@counter", counter))
            ?? db.First($"{Select} WHERE device_eui = @device AND originator_eui IS NULL AND originator_counter = @counter LIMIT 1", Map,
                ("@device", device), ("@counter", counter));
    }

    public bool TryTransition(string requestId, PendingState from, PendingState to, string? responseCode = null) =>
        db.Execute("""
            UPDATE pending_requests SET state = @to, response_code = COALESCE(@code, response_code)
            WHERE request_id = @rid AND state = @from
            """,
            ("@to", to.ToString()), ("@code", SqlValues.OrNull(responseCode)), ("@rid", requestId), ("@from", from.ToString())) == 1;

    public bool TryTransition(string requestId, IReadOnlyCollection<PendingState> from, PendingState to, string? responseCode = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (from.Count == 0) return false;
        // One parameter per state (at most the few states there are, so a handful of cached statements) rather than the
        // dialect's list parameter: on SQLite that is a JSON text and a json_each table on every finished request.
        var states = from.Distinct().ToArray();
        var args = new (string Name, object? Value)[states.Length + 3];
        args[0] = ("@to", to.ToString());
        args[1] = ("@code", SqlValues.OrNull(responseCode));
        args[2] = ("@rid", requestId);
        for (var i = 0; i < states.Length; i++) args[i + 3] = (FromParameters[i], states[i].ToString());
        return db.Execute(TransitionFrom[states.Length], args) == 1;
    }

    private static readonly string[] FromParameters = [.. Enum.GetValues<PendingState>().Select((_, i) => $"@from{i}")];

    // TransitionFrom[n]: the compare-and-set from any of n states.
    private static readonly string[] TransitionFrom =
    [
        "",
        .. Enumerable.Range(1, FromParameters.Length).Select(n => $"""
            UPDATE pending_requests SET state = @to, response_code = COALESCE(@code, response_code)
            WHERE request_id = @rid AND state IN ({string.Join(", ", FromParameters.Take(n))})
            """),
    ];

    public int MarkSent(IReadOnlyList<string> requestIds)
    {
        ArgumentNullException.ThrowIfNull(requestIds);
        if (requestIds.Count == 0) return 0;
        return db.Execute($"UPDATE pending_requests SET state = 'Sent' WHERE {db.Dialect.IsOneOf("request_id", "@ids")} AND state = 'Pending'",
            ("@ids", db.Dialect.TextList(requestIds)));
    }

    public bool TryRelease(string requestId, DateTimeOffset deadline) =>
        db.Execute("""
            UPDATE pending_requests SET state = 'Pending', deadline = @deadline
            WHERE request_id = @rid AND state = 'Quarantined'
            """,
            ("@deadline", SqlValues.Time(deadline)), ("@rid", requestId)) == 1;

    public IReadOnlyList<PendingRequest> InState(PendingState state, int limit = 100) =>
        db.List(PageSql(db.Dialect, state, after: false), Map, ("@limit", limit));

    // Keyset paging: the position is the (created_at, request_id) of the last request read, so requests finished or added
    // between pages shift nothing.
    public IReadOnlyList<PendingRequest> InState(PendingState state, int limit, PendingRequest? after) =>
        after is null
            ? InState(state, limit)
            : db.List(PageSql(db.Dialect, state, after: true), Map,
                ("@created", SqlValues.Time(after.CreatedAt)), ("@rid", after.RequestId), ("@limit", limit));

    /// <summary>
    /// One page of requests in <paramref name="state"/>, in arrival order. Pending ones are read through the partial index
    /// over them (schema step 14), which holds them in that order: no page sorts the whole backlog. The state is written
    /// into the statement, not bound, because a planner uses a partial index only for a statement that names the state
    /// it covers; it is an enum name, so nothing from outside reaches the text.
    /// </summary>
    internal static string PageSql(SqlDialect dialect, PendingState state, bool after)
    {
        if (!Enum.IsDefined(state)) throw new ArgumentOutOfRangeException(nameof(state), state, "not a request state");
        var through = state == PendingState.Pending ? dialect.ReadThrough("pending_requests_queue") : "";
        var position = after ? " AND (created_at > @created OR (created_at = @created AND request_id > @rid))" : "";
        return $"{Select}{through} WHERE state = '{state}'{position} ORDER BY created_at, request_id LIMIT @limit";
    }

    public IReadOnlyList<PendingRequest> Overdue(DateTimeOffset now, int limit = 100) =>
        db.List(OverdueSql, Map, ("@now", SqlValues.Time(now)), ("@limit", limit));

    /// <summary>
    /// One page of Pending and Sent requests past their deadline, the earliest first (ties by RequestID). One read per
    /// state, each through the (state, deadline, request_id) index in its order and stopping at the page's size (schema
    /// step 14 added request_id: requests created together share a deadline), then the two merged: a single
    /// <c>state IN ('Pending', 'Sent')</c> read every overdue row and sorted them all for each page, which after an outage
    /// (125,000 requests past their deadline) took about 0.26 s a page on SQLite (SweeperPageBenchmarks), page after page.
    /// </summary>
    internal const string OverdueSql = $"""
        SELECT * FROM ({Select} WHERE state = 'Pending' AND deadline <= @now ORDER BY deadline, request_id LIMIT @limit) AS p
        UNION ALL
        SELECT * FROM ({Select} WHERE state = 'Sent' AND deadline <= @now ORDER BY deadline, request_id LIMIT @limit) AS s
        ORDER BY deadline, request_id LIMIT @limit
        """;

    // Bounded through a key subquery, as the other purges, so that the first sweep after a long pause (or after turning
    // retention on) never holds SQLite's write lock, or PostgreSQL row locks, for one huge DELETE.
    public int PurgeFinished(DateTimeOffset deadlineBefore, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return db.Execute(PurgeFinishedSql(db.Dialect), ("@before", SqlValues.Time(deadlineBefore)), ("@limit", limit));
    }

    /// <summary>
    /// The retention purge's statement: the batch of finished requests with the earliest deadlines. One read per end
    /// state, each through the (state, deadline, request_id) index in its order and stopping at the batch's size, then
    /// the four merged, as <see cref="OverdueSql"/> does. A single <c>state IN (...) ORDER BY deadline</c> sorted every
    /// finished row past the retention for each batch: after a long pause, or when retention is first turned on, most of
    /// the table, batch after batch. On PostgreSQL each read locks its rows (SKIP LOCKED: another instance's sweep takes
    /// other rows); up to four batches are locked for the statement, one deleted.
    /// </summary>
    internal static string PurgeFinishedSql(SqlDialect dialect)
    {
        static string Read(string state, string lockRows) =>
            $"SELECT * FROM (SELECT request_id, deadline FROM pending_requests WHERE state = '{state}' AND deadline < @before " +
            $"ORDER BY deadline, request_id LIMIT @limit{lockRows}) AS {state.ToLowerInvariant()}";
        var lockRows = dialect.SkipLockedRows;
        return $"""
            DELETE FROM pending_requests WHERE request_id IN (
                SELECT request_id FROM (
                    {Read("Completed", lockRows)}
                    UNION ALL {Read("Failed", lockRows)}
                    UNION ALL {Read("TimedOut", lockRows)}
                    UNION ALL {Read("Rejected", lockRows)}
                ) AS finished
                ORDER BY deadline, request_id LIMIT @limit)
            """;
    }

    private static PendingRequest Map(DbDataReader r)
    {
        var user = SqlValues.ParseEui(r.GetString(1));
        // Stored as the user when the user originated the command (the usual case); reported as null then, and for rows
        // from before schema 7, which did not record it.
        ulong? originator = r.IsDBNull(10) ? null : SqlValues.ParseEui(r.GetString(10));
        return new(
            r.GetString(0), user, SqlValues.ParseEui(r.GetString(2)), SqlValues.ParseCounter(r.GetInt64(3)),
            r.GetString(4), Enum.Parse<PendingState>(r.GetString(5)), SqlValues.ParseTime(r.GetInt64(6)), SqlValues.ParseTime(r.GetInt64(7)),
            (byte[])r.GetValue(8), r.IsDBNull(9) ? null : r.GetString(9), originator == user ? null : originator);
    }
}
