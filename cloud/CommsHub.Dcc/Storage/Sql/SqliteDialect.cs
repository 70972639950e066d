using System.Data.Common;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>SQLite specifics.</summary>
internal sealed class SqliteDialect(bool synchronousNormal) : SqlDialect
{
    private readonly string _pragmas = synchronousNormal
        ? "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"
        : "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;";

    public override string Name => "SQLite";

    public override IReadOnlyList<Migration> Migrations => SqliteMigrations.All;

    // synchronous is per connection, not stored in the file, so it is set on every open (a few microseconds).
    public override void OnOpen(DbConnection connection)
    {
        using var command = SqlDatabase.Command(connection, null, _pragmas);
        command.ExecuteNonQuery();
    }

    // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default) takes the write lock at once: one migrator at a time.
    public override DbTransaction BeginMigration(DbConnection connection) => connection.BeginTransaction();
}
