using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>PostgreSQL specifics.</summary>
internal sealed class PostgresDialect : SqlDialect
{
    // Advisory locks in the two-key form: the first key an arbitrary constant naming the lock ("CH", 1: schema migration),
    // the second the schema the tables are in (the first existing schema of the search path, where they are created).
    // So deployments in different schemas of one database (search_path) migrate without waiting for each other. Versions
    // before this took one database-wide bigint key (0x436F6D6D73487562), a different lock: an older and a newer instance
    // starting together on an empty schema may both try step 1, and one then fails to start (its step rolls back whole).
    internal const int MigrationLockSpace = 0x4348_0001;

    // ("CH", 2): exclusive units of work, such as seeding.
    internal const int ExclusiveUnitLockSpace = 0x4348_0002;

    // A transaction-scoped advisory lock on this schema; READ COMMITTED, so each statement after it sees what the previous
    // holder committed.
    public override string? ExclusiveUnitLock { get; } = SchemaLock(ExclusiveUnitLockSpace);

    /// <summary>The statement taking lock <paramref name="space"/> for the connection's schema until the transaction ends.</summary>
    internal static string SchemaLock(int space, bool tryOnly = false) =>
        $"SELECT pg_{(tryOnly ? "try_" : "")}advisory_xact_lock({space}, hashtext(coalesce(current_schema(), '')))";

    public override string Name => "PostgreSQL";

    public override IReadOnlyList<Migration> Migrations => PostgresMigrations.All;

    public override string SkipLockedRows => " FOR UPDATE SKIP LOCKED";

    // Npgsql binds a string[] as text[].
    public override string IsOneOf(string column, string parameter) => $"{column} = ANY({parameter})";

    public override object TextList(IReadOnlyList<string> values) => values.ToArray();

    // A transaction-scoped advisory lock: instances starting together on one schema migrate one after another, and the lock
    // goes away with the transaction even if the process dies. The wait has no timeout: the holder is another instance
    // applying a step, which takes as long as it takes (Npgsql's default 30 s would fail this instance's start instead).
    // A try first, so that a wait is seen and logged with its holder.
    public override DbTransaction BeginMigration(DbConnection connection, ILogger? logger = null)
    {
        var transaction = connection.BeginTransaction();
        try
        {
            using (var tryLock = SqlDatabase.Command(connection, transaction, SchemaLock(MigrationLockSpace, tryOnly: true)))
            {
                if (tryLock.ExecuteScalar() is true) return transaction;
            }
            if (logger is not null) StoreStartLog.Waiting(logger, Name, Holder(connection, transaction, MigrationLockSpace));
            var waiting = System.Diagnostics.Stopwatch.StartNew();
            using (var command = SqlDatabase.Command(connection, transaction, SchemaLock(MigrationLockSpace)))
            {
                command.CommandTimeout = 0;
                command.ExecuteNonQuery();
            }
            if (logger is not null) StoreStartLog.GoingOn(logger, Name, waiting.Elapsed.TotalSeconds);
            return transaction;
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
    }

    // Who holds lock space's lock on this schema, as far as pg_stat_activity shows it to this role (the pid always; the
    // application name and client address to the same role or pg_read_all_stats).
    private static string Holder(DbConnection connection, DbTransaction transaction, int space)
    {
        using var command = SqlDatabase.Command(connection, transaction, $"""
            SELECT l.pid, a.application_name, host(a.client_addr), a.xact_start
            FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid = {space}::oid AND l.objid = hashtext(coalesce(current_schema(), ''))::oid
            """);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return "another session (which has just let it go)";
        var holder = $"PostgreSQL backend pid {reader.GetValue(0)}";
        var details = new List<string>();
        if (!reader.IsDBNull(1) && reader.GetString(1) is { Length: > 0 } application) details.Add($"application '{application}'");
        if (!reader.IsDBNull(2)) details.Add($"client {reader.GetString(2)}");
        if (!reader.IsDBNull(3))
            details.Add($"in its transaction since {reader.GetFieldValue<DateTime>(3).ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}");
        return details.Count == 0 ? holder : $"{holder} ({string.Join(", ", details)})";
    }
}
