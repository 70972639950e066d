using System.Data.Common;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>PostgreSQL specifics.</summary>
internal sealed class PostgresDialect : SqlDialect
{
    // Arbitrary constant naming "CommsHub schema migration" among advisory locks.
    internal const long MigrationLockKey = 0x436F_6D6D_7348_7562;

    public override string Name => "PostgreSQL";

    public override IReadOnlyList<Migration> Migrations => PostgresMigrations.All;

    public override string SkipLockedRows => " FOR UPDATE SKIP LOCKED";

    // Npgsql binds a string[] as text[].
    public override string IsOneOf(string column, string parameter) => $"{column} = ANY({parameter})";

    public override object TextList(IReadOnlyList<string> values) => values.ToArray();

    // A transaction-scoped advisory lock: instances starting together migrate one after another, and the lock
    // goes away with the transaction even if the process dies. The wait has no timeout: the holder is another instance
    // applying a step, which takes as long as it takes (Npgsql's default 30 s would fail this instance's start instead).
    public override DbTransaction BeginMigration(DbConnection connection)
    {
        var transaction = connection.BeginTransaction();
        using var command = SqlDatabase.Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("@key", MigrationLockKey));
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
        return transaction;
    }
}
