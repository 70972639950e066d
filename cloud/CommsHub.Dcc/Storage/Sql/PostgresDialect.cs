using System.Data.Common;

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

    /// <summary>The statement taking lock <paramref name="space"/> for the connection's schema until the transaction ends.</summary>
    internal static string SchemaLock(int space) => $"SELECT pg_advisory_xact_lock({space}, hashtext(coalesce(current_schema(), '')))";

    public override string Name => "PostgreSQL";

    public override IReadOnlyList<Migration> Migrations => PostgresMigrations.All;

    public override string SkipLockedRows => " FOR UPDATE SKIP LOCKED";

    // Npgsql binds a string[] as text[].
    public override string IsOneOf(string column, string parameter) => $"{column} = ANY({parameter})";

    public override object TextList(IReadOnlyList<string> values) => values.ToArray();

    // A transaction-scoped advisory lock: instances starting together on one schema migrate one after another, and the lock
    // goes away with the transaction even if the process dies. The wait has no timeout: the holder is another instance
    // applying a step, which takes as long as it takes (Npgsql's default 30 s would fail this instance's start instead).
    public override DbTransaction BeginMigration(DbConnection connection)
    {
        var transaction = connection.BeginTransaction();
        using var command = SqlDatabase.Command(connection, transaction, SchemaLock(MigrationLockSpace));
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
        return transaction;
    }
}
