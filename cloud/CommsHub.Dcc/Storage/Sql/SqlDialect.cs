using System.Data.Common;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>What differs between the SQL databases beyond the migration scripts.</summary>
internal abstract class SqlDialect
{
    /// <summary>Name for messages ("SQLite", "PostgreSQL").</summary>
    public abstract string Name { get; }

    /// <summary>The schema migrations, in version order.</summary>
    public abstract IReadOnlyList<Migration> Migrations { get; }

    /// <summary>Per-connection settings, run on every open.</summary>
    public virtual void OnOpen(DbConnection connection) { }

    /// <summary>
    /// Starts the transaction a migration runs in, holding whatever lock keeps two processes from migrating at once.
    /// </summary>
    public abstract DbTransaction BeginMigration(DbConnection connection);
}
