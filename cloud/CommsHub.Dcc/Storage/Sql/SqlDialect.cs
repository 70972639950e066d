using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>What differs between the SQL databases beyond the migration scripts.</summary>
internal abstract class SqlDialect
{
    /// <summary>Name for messages ("SQLite", "PostgreSQL").</summary>
    public abstract string Name { get; }

    /// <summary>The schema migrations, in version order.</summary>
    public abstract IReadOnlyList<Migration> Migrations { get; }

    /// <summary>
    /// Row-locking clause appended to a SELECT that picks rows for a housekeeping DELETE, so that concurrent deleters
    /// take disjoint rows instead of waiting on (or deadlocking over) each other's row locks. Empty where the database has
    /// no row locks (SQLite: one writer at a time).
    /// </summary>
    public virtual string SkipLockedRows => "";

    /// <summary>
    /// Clause after a table name that makes the planner read it through <paramref name="index"/>. Empty where the planner
    /// keeps statistics and finds the index itself (PostgreSQL's autovacuum analyses tables). SQLite is never analysed
    /// here, and without statistics it takes any index on an equality term as selective, even one matching most rows.
    /// </summary>
    public virtual string ReadThrough(string index) => "";

    /// <summary>
    /// Runs an INSERT into a table whose key column the database assigns and returns that key. Default: the statement
    /// with <c>RETURNING</c> <paramref name="keyColumn"/>.
    /// </summary>
    public virtual long InsertReturningKey(SqlDatabase db, string insert, string keyColumn, params (string Name, object? Value)[] args) =>
        Convert.ToInt64(db.WriteScalar($"{insert} RETURNING {keyColumn}", args), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A condition "<paramref name="column"/> is one of the texts bound to <paramref name="parameter"/>", for a list of
    /// any length bound as one parameter (its value from <see cref="TextList"/>).
    /// </summary>
    public abstract string IsOneOf(string column, string parameter);

    /// <summary>The value to bind to the parameter of <see cref="IsOneOf"/>.</summary>
    public abstract object TextList(IReadOnlyList<string> values);

    /// <summary>
    /// Whether a statement that fails inside a transaction leaves the transaction unusable until it is rolled back (or
    /// back to a savepoint): PostgreSQL. SQLite instead undoes only the failed statement and keeps the transaction,
    /// except after errors it ends the transaction for (<see cref="TransactionSurvived"/> tells).
    /// </summary>
    public virtual bool FailedStatementAbortsTransaction => true;

    /// <summary>After a statement failed inside a transaction on <paramref name="connection"/>: whether that transaction
    /// is still open, with the work before the statement in it.</summary>
    public virtual bool TransactionSurvived(DbConnection connection) => false;

    /// <summary>
    /// Statement that, run first in a unit of work's transaction, makes it wait for and then exclude every other such unit
    /// on the database until it ends (<see cref="SqlDatabase.BeginExclusiveUnitOfWork"/>); null where every unit of work is
    /// exclusive already (SQLite: BEGIN IMMEDIATE takes the file's one write lock).
    /// </summary>
    public virtual string? ExclusiveUnitLock => null;

    /// <summary>Per-connection settings, run on every open.</summary>
    public virtual void OnOpen(DbConnection connection) { }

    /// <summary>
    /// Starts the transaction a migration runs in, holding whatever lock keeps two processes from migrating at once. When it
    /// has to wait for that lock it tells <paramref name="logger"/> once, naming the holder where the database can, and
    /// again when it has the lock.
    /// </summary>
    public abstract DbTransaction BeginMigration(DbConnection connection, ILogger? logger = null);
}
