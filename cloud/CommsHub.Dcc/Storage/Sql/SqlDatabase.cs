using System.Data.Common;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// Thin ADO.NET helper shared by the repositories. Every operation runs on a <see cref="SqlSession"/>: the ambient unit of
/// work's, when one is open in the calling flow (<see cref="BeginUnitOfWork"/>), else one rented for the call. For SQLite
/// (<c>keepOpen</c>) sessions are a small pool of connections opened once (PRAGMAs applied once) with their prepared
/// commands cached; for PostgreSQL each call takes a connection from Npgsql's own pool, as before. Safe to use from many
/// threads: a session is used by one caller at a time.
/// </summary>
internal sealed class SqlDatabase(SqlDialect dialect, Func<DbConnection> createConnection, bool keepOpen = false) : IDisposable
{
    // Idle sessions kept beyond this are closed: enough for the adapter's worker threads, bounded for bursts.
    private const int MaxIdleSessions = 16;

    private readonly Stack<SqlSession> _idle = new();
    private readonly Lock _gate = new();
    private readonly AsyncLocal<SqlUnitOfWork?> _ambient = new();
    private bool _disposed;

    /// <summary>The dialect.</summary>
    public SqlDialect Dialect { get; } = dialect;

    /// <summary>Called after a unit of work rolled back, or committed after writing reference data (caches drop what they hold).</summary>
    public event Action? ReferenceDataMayHaveChanged;

    /// <summary>Called on the committing thread after a unit of work or <see cref="InTransaction{T}"/> committed (keep it cheap).</summary>
    public event Action? Committed;

    /// <summary>An open connection with the dialect's per-connection settings applied (caller disposes it).</summary>
    public DbConnection Open()
    {
        var connection = createConnection();
        try
        {
            connection.Open();
            Dialect.OnOpen(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The unit of work open in the calling flow, or null.</summary>
    public SqlUnitOfWork? Ambient => _ambient.Value is { IsOpen: true } u ? u : null;

    /// <summary>
    /// Starts a unit of work: one connection and one transaction that every repository call of this store in the calling
    /// (async) flow joins until it is committed or disposed. A nested call joins the open one.
    /// </summary>
    public IDccUnitOfWork BeginUnitOfWork()
    {
        if (Ambient is { } outer) return new NestedUnitOfWork(outer);
        var session = Rent();
        try
        {
            session.Begin();
        }
        catch
        {
            Return(session, healthy: false);
            throw;
        }
        var unit = new SqlUnitOfWork(this, session);
        _ambient.Value = unit;
        return unit;
    }

    internal void Finish(SqlUnitOfWork unit, bool committed, bool healthy)
    {
        if (ReferenceEquals(_ambient.Value, unit)) _ambient.Value = null;
        Return(unit.Session, healthy);
        if (committed) Committed?.Invoke();
        if (!committed || unit.WroteReferenceData) ReferenceDataMayHaveChanged?.Invoke();
    }

    /// <summary>Runs a statement; returns rows affected.</summary>
    public int Execute(string sql, params (string Name, object? Value)[] args) =>
        Run(sql, args, static c => c.ExecuteNonQuery());

    /// <summary>First column of the first row, or null.</summary>
    public object? Scalar(string sql, params (string Name, object? Value)[] args) =>
        Run(sql, args, static c => c.ExecuteScalar() is var v && v is DBNull ? null : v);

    /// <summary>Every row, mapped.</summary>
    public List<T> List<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] args) =>
        Run(sql, args, c =>
        {
            using var reader = c.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read()) rows.Add(map(reader));
            return rows;
        });

    /// <summary>The first row mapped, or null.</summary>
    public T? First<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] args) where T : class =>
        Run(sql, args, c =>
        {
            using var reader = c.ExecuteReader();
            return reader.Read() ? map(reader) : null;
        });

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, committed when it returns; inside a unit of work it joins that
    /// transaction instead (committed with it).
    /// </summary>
    public T InTransaction<T>(Func<SqlSession, T> work)
    {
        if (Ambient is { } unit)
        {
            lock (unit.Session.Gate) return work(unit.Session);
        }
        var session = Rent();
        var healthy = false;
        try
        {
            session.Begin();
            var result = work(session);
            session.Commit();
            healthy = true;
            Committed?.Invoke();
            return result;
        }
        finally
        {
            if (!healthy) session.TryRollback();
            Return(session, healthy);
        }
    }

    /// <summary>Marks the ambient unit of work (if any) as having written users, registration or inventory.</summary>
    public void NoteReferenceWrite()
    {
        if (Ambient is { } unit) unit.WroteReferenceData = true;
    }

    /// <summary>Runs <paramref name="execute"/> on a command for <paramref name="sql"/> (the ambient unit's session, or one rented).</summary>
    public TResult Run<TResult>(string sql, (string Name, object? Value)[] args, Func<DbCommand, TResult> execute)
    {
        if (Ambient is { } unit) return unit.Session.Run(sql, args, execute);
        var session = Rent();
        var healthy = false;
        try
        {
            var result = session.Run(sql, args, execute);
            healthy = true;
            return result;
        }
        finally
        {
            Return(session, healthy);
        }
    }

    private SqlSession Rent()
    {
        if (keepOpen)
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_idle.Count > 0) return _idle.Pop();
            }
        }
        return new SqlSession(Open(), cacheCommands: keepOpen);
    }

    // A session that failed is closed rather than reused: its connection or cached commands may be in a bad state.
    private void Return(SqlSession session, bool healthy)
    {
        if (keepOpen && healthy && !session.InTransaction)
        {
            lock (_gate)
            {
                if (!_disposed && _idle.Count < MaxIdleSessions)
                {
                    _idle.Push(session);
                    return;
                }
            }
        }
        session.Dispose();
    }

    /// <summary>Closes the idle sessions; sessions in use are closed when they come back.</summary>
    public void Dispose()
    {
        SqlSession[] idle;
        lock (_gate)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }
        foreach (var s in idle) s.Dispose();
    }

    /// <summary>A command with parameters (names written with '@', which both providers accept).</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] args)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in args)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }

    private sealed class NestedUnitOfWork(SqlUnitOfWork outer) : IDccUnitOfWork
    {
        private bool _committed;

        public void Commit() => _committed = true;

        // The outer unit decides; an inner one abandoned without Commit dooms it (its Commit then throws).
        public void Dispose()
        {
            if (!_committed) outer.Doomed = true;
        }
    }
}

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

/// <summary>The <see cref="IDccUnitOfWork"/> of a SQL store: one session in a transaction, ambient for its async flow.</summary>
internal sealed class SqlUnitOfWork(SqlDatabase db, SqlSession session) : IDccUnitOfWork
{
    public SqlSession Session { get; } = session;

    public bool IsOpen { get; private set; } = true;

    public bool WroteReferenceData { get; set; }

    public bool Doomed { get; set; }

    public void Commit()
    {
        if (!IsOpen) throw new InvalidOperationException("the unit of work is already finished");
        if (Doomed)
        {
            Dispose();
            throw new InvalidOperationException("a nested unit of work was abandoned without committing; everything was rolled back");
        }
        IsOpen = false;
        var healthy = false;
        try
        {
            Session.Commit();
            healthy = true;
        }
        finally
        {
            if (!healthy) Session.TryRollback();
            db.Finish(this, committed: healthy, healthy);
        }
    }

    public void Dispose()
    {
        if (!IsOpen) return;
        IsOpen = false;
        Session.TryRollback();
        db.Finish(this, committed: false, healthy: true);
    }
}
