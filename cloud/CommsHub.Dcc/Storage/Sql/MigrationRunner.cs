using System.Data.Common;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// Brings a database to the newest schema at start: applies, in order, each migration not yet recorded in
/// <c>schema_migrations</c>, each in its own transaction together with its record, under the dialect's migration lock
/// (so several adapter instances starting at once apply each step exactly once).
/// </summary>
internal static class MigrationRunner
{
    private const string CreateTable =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

    /// <summary>Runs the pending migrations; returns the schema version afterwards.</summary>
    /// <exception cref="InvalidOperationException">the database is newer than this code (a downgrade), or has a gap.</exception>
    public static int Run(SqlDatabase db)
    {
        var migrations = db.Dialect.Migrations;
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1) throw new InvalidOperationException($"{db.Dialect.Name} migrations must be numbered 1..n without gaps");
        }
        using var connection = db.Open();
        using (var create = SqlDatabase.Command(connection, null, CreateTable)) create.ExecuteNonQuery();

        foreach (var migration in migrations)
        {
            using var transaction = db.Dialect.BeginMigration(connection);
            // Re-read under the lock: another instance may have applied it while we waited.
            if (Applied(connection, transaction).Contains(migration.Version)) { transaction.Commit(); continue; }
            using (var script = SqlDatabase.Command(connection, transaction, migration.Sql)) script.ExecuteNonQuery();
            using (var record = SqlDatabase.Command(connection, transaction,
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)",
                ("@v", migration.Version), ("@n", migration.Name), ("@t", SqlValues.Time(DateTimeOffset.UtcNow))))
            {
                record.ExecuteNonQuery();
            }
            transaction.Commit();
        }

        using var check = SqlDatabase.Command(connection, null, "SELECT MAX(version) FROM schema_migrations");
        var version = Convert.ToInt32(check.ExecuteScalar() ?? 0);
        if (version > migrations.Count)
            throw new InvalidOperationException($"the {db.Dialect.Name} database is at schema version {version}, newer than this adapter's {migrations.Count}: refusing to run an older adapter on it");
        return version;
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
