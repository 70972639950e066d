using System.Data.Common;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>One open connection, its current transaction, and (SQLite) its prepared commands by SQL text.</summary>
internal sealed class SqlSession(DbConnection connection, bool cacheCommands) : IDisposable
{
    private readonly Dictionary<string, DbCommand>? _commands = cacheCommands ? new(StringComparer.Ordinal) : null;

    /// <summary>Serialises use of the session: tasks started inside a unit of work share its session.</summary>
    public Lock Gate { get; } = new();

    public DbConnection Connection { get; } = connection;

    // SQLite sessions (those that cache commands) run BEGIN IMMEDIATE / COMMIT / ROLLBACK as cached statements instead of
    // through SqliteTransaction, which prepares its BEGIN and COMMIT afresh each time (two statement compilations per unit
    // of work on the request path). Their commands then carry no DbTransaction, which SQLite does not need.
    private bool _statementTransaction;

    public DbTransaction? Transaction { get; private set; }

    public bool InTransaction => Transaction is not null || _statementTransaction;

    public void Begin()
    {
        if (_commands is null)
        {
            Transaction = Connection.BeginTransaction();
            return;
        }
        // IMMEDIATE takes the write lock at once, as SqliteTransaction's default does: no deferred-upgrade deadlocks.
        Run("BEGIN IMMEDIATE", [], static c => c.ExecuteNonQuery());
        _statementTransaction = true;
    }

    public void Commit()
    {
        if (_statementTransaction)
        {
            Run("COMMIT", [], static c => c.ExecuteNonQuery());
            _statementTransaction = false;
            return;
        }
        Transaction!.Commit();
        Transaction.Dispose();
        Transaction = null;
    }

    public void TryRollback()
    {
        if (_statementTransaction)
        {
            _statementTransaction = false;
            try { Run("ROLLBACK", [], static c => c.ExecuteNonQuery()); }
            catch (Exception) { /* SQLite rolls back on close, and a failed session is closed */ }
            return;
        }
        if (Transaction is null) return;
        try { Transaction.Rollback(); }
        catch (Exception) { /* the connection is closed with the session; SQLite and PostgreSQL roll back on close */ }
        Transaction.Dispose();
        Transaction = null;
    }

    /// <summary>Runs <paramref name="sql"/> with <paramref name="args"/> on this session's connection and transaction.</summary>
    public TResult Run<TResult>(string sql, (string Name, object? Value)[] args, Func<DbCommand, TResult> execute)
    {
        lock (Gate) return RunLocked(sql, args, execute);
    }

    private TResult RunLocked<TResult>(string sql, (string Name, object? Value)[] args, Func<DbCommand, TResult> execute)
    {
        if (_commands is null)
        {
            using var command = SqlDatabase.Command(Connection, Transaction, sql, args);
            return execute(command);
        }
        if (!_commands.TryGetValue(sql, out var cached))
        {
            cached = SqlDatabase.Command(Connection, Transaction, sql, args);
            _commands[sql] = cached;
        }
        else
        {
            Bind(cached, args);
        }
        cached.Transaction = Transaction;
        return execute(cached);
    }

    /// <summary>A one-off command on this session (callers dispose it).</summary>
    public DbCommand Command(string sql, params (string Name, object? Value)[] args) => SqlDatabase.Command(Connection, Transaction, sql, args);

    private static void Bind(DbCommand command, (string Name, object? Value)[] args)
    {
        var parameters = command.Parameters;
        var same = parameters.Count == args.Length;
        for (var i = 0; same && i < args.Length; i++) same = parameters[i].ParameterName == args[i].Name;
        if (!same)
        {
            parameters.Clear();
            foreach (var (name, _) in args)
            {
                var p = command.CreateParameter();
                p.ParameterName = name;
                parameters.Add(p);
            }
        }
        for (var i = 0; i < args.Length; i++) parameters[i].Value = args[i].Value ?? DBNull.Value;
    }

    public void Dispose()
    {
        TryRollback();
        if (_commands is not null)
        {
            foreach (var c in _commands.Values) c.Dispose();
            _commands.Clear();
        }
        Connection.Dispose();
    }
}
