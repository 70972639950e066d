using System.Data.Common;
using CommsHub.Dcc.Storage;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// Brings a database to the newest schema at start: applies, in order, each migration not yet recorded in
/// <c>schema_migrations</c>, each in its own transaction together with its record, under the dialect's migration lock
/// (so several adapter instances starting at once apply each step exactly once, and none starts on a half-applied step).
/// </summary>
internal static class MigrationRunner
{
    private const string CreateTable =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

    /// <summary>Runs the dialect's pending migrations; returns the schema version afterwards.</summary>
    /// <exception cref="StoreSchemaTooNewException">the database is newer than this code (a downgrade): nothing was changed.</exception>
    /// <exception cref="InvalidOperationException">the migrations have a gap.</exception>
    public static int Run(SqlDatabase db) => Run(db, db.Dialect.Migrations);

    /// <summary>Runs <paramref name="migrations"/> (the dialect's, or a test's) on <paramref name="db"/>.</summary>
    internal static int Run(SqlDatabase db, IReadOnlyList<Migration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1) throw new InvalidOperationException($"{db.Dialect.Name} migrations must be numbered 1..n without gaps");
        }
        using var connection = db.Open();
        // The table is created under the lock too: two PostgreSQL sessions running CREATE TABLE IF NOT EXISTS at the same
        // moment can both find it absent, and the second then fails on the catalogue's unique index (pg_type).
        using (var transaction = db.Dialect.BeginMigration(connection, db.Logger))
        {
            using (var create = Migrating(connection, transaction, CreateTable)) create.ExecuteNonQuery();
            // A downgrade is refused before anything is written.
            if (Applied(connection, transaction).DefaultIfEmpty(0).Max() is var found && found > migrations.Count)
                throw new StoreSchemaTooNewException(db.Dialect.Name, found, migrations.Count);
            transaction.Commit();
        }

        foreach (var migration in migrations)
        {
            using var transaction = db.Dialect.BeginMigration(connection, db.Logger);
            // Re-read under the lock: another instance may have applied it while we waited.
            if (Applied(connection, transaction).Contains(migration.Version)) { transaction.Commit(); continue; }
            using (var script = Migrating(connection, transaction, migration.Sql)) script.ExecuteNonQuery();
            using (var record = Migrating(connection, transaction,
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)",
                ("@v", migration.Version), ("@n", migration.Name), ("@t", SqlValues.Time(DateTimeOffset.UtcNow))))
            {
                record.ExecuteNonQuery();
            }
            transaction.Commit();
        }

        using var check = SqlDatabase.Command(connection, null, "SELECT MAX(version) FROM schema_migrations");
        var version = Convert.ToInt32(check.ExecuteScalar() ?? 0);
        // A newer adapter may have upgraded the database while this one was migrating.
        if (version > migrations.Count) throw new StoreSchemaTooNewException(db.Dialect.Name, version, migrations.Count);
        return version;
    }

    // A step on a large table may take longer than the provider's default command timeout (Npgsql: 30 s); cancelling it
    // there would roll it back and leave an adapter that can never start. Its time is the time it takes.
    private static DbCommand Migrating(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object? Value)[] args)
    {
        var command = SqlDatabase.Command(connection, transaction, sql, args);
        command.CommandTimeout = 0;
        return command;
    }

    private static HashSet<int> Applied(DbConnection connection, DbTransaction transaction)
    {
        using var command = SqlDatabase.Command(connection, transaction, "SELECT version FROM schema_migrations");
        using var reader = command.ExecuteReader();
        var versions = new HashSet<int>();
        while (reader.Read()) versions.Add(Convert.ToInt32(reader.GetValue(0)));
        return versions;
    }
}
