using System.Data.Common;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// Thin ADO.NET helper shared by the repositories. Every operation runs on a <see cref="SqlSession"/>: the ambient unit of
/// work's, when one is open in the calling flow (<see cref="BeginUnitOfWork"/>), else one rented for the call. For SQLite
/// (<c>keepOpen</c>) sessions are a small pool of connections opened once (PRAGMAs applied once) with their prepared
/// commands cached; for PostgreSQL each call takes a connection from Npgsql's own pool, as before. Safe to use from many
/// threads: a session is used by one caller at a time. With a <see cref="GroupCommitWriter"/> (SQLite), units of work,
/// <see cref="InTransaction{T}"/> and the write statements (<see cref="Execute"/>, <see cref="Write{TResult}"/>) all go
/// through its single writer connection, queued in process and committed in groups; reads keep the pool.
/// </summary>
internal sealed class SqlDatabase : IDisposable
{
    // Idle sessions kept beyond this are closed: enough for the adapter's worker threads, bounded for bursts.
    private const int MaxIdleSessions = 16;

    private readonly Stack<SqlSession> _idle = new();
    private readonly Lock _gate = new();
    private readonly AsyncLocal<SqlUnitOfWork?> _ambient = new();
    private readonly Func<DbConnection> _createConnection;
    private readonly bool _keepOpen;
    private bool _disposed;

    /// <param name="dialect">The database's specifics.</param>
    /// <param name="createConnection">Creates a (closed) connection.</param>
    /// <param name="keepOpen">Keep a pool of open sessions with their prepared commands (SQLite).</param>
    /// <param name="maxGroupCommit">When above zero: writes go through a <see cref="GroupCommitWriter"/> carrying up to this
    /// many units of work per commit (SQLite, one writer at a time).</param>
    /// <param name="writerQueueTimeout">How long a write waits for the group-commit writer.</param>
    public SqlDatabase(SqlDialect dialect, Func<DbConnection> createConnection, bool keepOpen = false, int maxGroupCommit = 0,
        TimeSpan writerQueueTimeout = default)
    {
        Dialect = dialect;
        _createConnection = createConnection;
        _keepOpen = keepOpen;
        if (maxGroupCommit > 0)
            Writer = new GroupCommitWriter(() => new SqlSession(Open(), cacheCommands: true), maxGroupCommit,
                writerQueueTimeout > TimeSpan.Zero ? writerQueueTimeout : TimeSpan.FromSeconds(30), () => Committed?.Invoke());
    }

    /// <summary>The group-commit writer, or null (each unit of work commits on its own session).</summary>
    public GroupCommitWriter? Writer { get; }

    /// <summary>The dialect.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>Where the store logs what an operator needs to see (a start waiting for another instance's migration).</summary>
    public Microsoft.Extensions.Logging.ILogger Logger { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>Called after a unit of work rolled back, or committed after writing reference data (caches drop what they hold).</summary>
    public event Action? ReferenceDataMayHaveChanged;

    /// <summary>Called on the committing thread after a unit of work or <see cref="InTransaction{T}"/> committed (keep it cheap).</summary>
    public event Action? Committed;

    private volatile StoreSchemaTooNewException? _refusedBy;

    /// <summary>From now on every new unit of work, batch and call outside one throws a copy of <paramref name="reason"/>
    /// (the database was upgraded beyond this code's schema): nothing more is written to it by this process.</summary>
    public void Refuse(StoreSchemaTooNewException reason) => _refusedBy ??= reason;

    /// <summary>Throws (a new copy of) what <see cref="Refuse"/> was given, if it was called.</summary>
    public void ThrowIfRefused()
    {
        if (_refusedBy is { } r) throw new StoreSchemaTooNewException(r.Database, r.Found, r.Known);
    }

    /// <summary>An open connection with the dialect's per-connection settings applied (caller disposes it).</summary>
    public DbConnection Open()
    {
        var connection = _createConnection();
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
        if (Ambient is { } outer) return outer.IsBatch ? BeginSavepoint(outer) : new NestedUnitOfWork(outer);
        return BeginOuter(isBatch: false);
    }

    /// <summary>
    /// Starts a unit of work that holds the dialect's exclusive-unit lock (<see cref="SqlDialect.ExclusiveUnitLock"/>) until
    /// it ends (<see cref="IDccStore.BeginExclusiveUnitOfWork"/>). The wait has no timeout: the holder is another instance
    /// seeding, which takes as long as it takes.
    /// </summary>
    /// <exception cref="InvalidOperationException">A unit of work or batch is already open in the calling flow.</exception>
    public IDccUnitOfWork BeginExclusiveUnitOfWork()
    {
        if (Ambient is not null) throw new InvalidOperationException("an exclusive unit of work cannot start inside a unit of work or batch");
        var unit = BeginOuter(isBatch: false);
        if (Dialect.ExclusiveUnitLock is not { } sql) return unit;
        try
        {
            unit.Session.Run(sql, [], static c =>
            {
                c.CommandTimeout = 0;
                return c.ExecuteNonQuery();
            });
            return unit;
        }
        catch
        {
            unit.Dispose();
            throw;
        }
    }

    /// <summary>Name of the savepoint each unit of work of a batch runs in (units of a batch follow one another).</summary>
    internal const string BatchSavepointName = "batch_unit";

    /// <summary>Starts a batch (<see cref="IDccStore.BeginBatch"/>): a unit of work whose inner units are savepoints.</summary>
    /// <exception cref="InvalidOperationException">A unit of work or batch is already open in the calling flow.</exception>
    public IDccUnitOfWork BeginBatch()
    {
        if (Ambient is not null) throw new InvalidOperationException("a batch cannot start inside a unit of work or another batch");
        return BeginOuter(isBatch: true);
    }

    private SqlUnitOfWork BeginSavepoint(SqlUnitOfWork batch)
    {
        ThrowIfTransactionLost(batch);
        try
        {
            batch.Session.Run("SAVEPOINT " + BatchSavepointName, [], static c => c.ExecuteNonQuery());
        }
        catch (Exception ex)
        {
            batch.Doomed = true;
            batch.DoomedBy ??= ex;
            throw;
        }
        var unit = new SqlUnitOfWork(this, batch.Session, batch: batch);
        batch.OpenChild = unit;
        _ambient.Value = unit;
        return unit;
    }

    /// <summary>A unit of a batch ended: kept (its savepoint released into the batch) or rolled back.</summary>
    internal void FinishSavepoint(SqlUnitOfWork unit, bool kept)
    {
        var batch = unit.Batch!;
        if (ReferenceEquals(batch.OpenChild, unit)) batch.OpenChild = null;
        if (ReferenceEquals(_ambient.Value, unit)) _ambient.Value = batch;
        if (kept && unit.WroteReferenceData) batch.WroteReferenceData = true;
        if (!kept) ReferenceDataMayHaveChanged?.Invoke();
    }

    private SqlUnitOfWork BeginOuter(bool isBatch)
    {
        ThrowIfRefused();
        if (Writer is not null)
        {
            var member = Writer.Enter();
            var grouped = new SqlUnitOfWork(this, member.Session, member, isBatch: isBatch);
            _ambient.Value = grouped;
            return grouped;
        }
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
        var unit = new SqlUnitOfWork(this, session, isBatch: isBatch);
        _ambient.Value = unit;
        return unit;
    }

    internal void Finish(SqlUnitOfWork unit, bool committed, bool healthy)
    {
        if (ReferenceEquals(_ambient.Value, unit)) _ambient.Value = null;
        // A grouped unit's session is the writer's, and the writer reports its commits.
        if (unit.Member is null)
        {
            Return(unit.Session, healthy);
            if (committed) Committed?.Invoke();
        }
        if (!committed || unit.WroteReferenceData) ReferenceDataMayHaveChanged?.Invoke();
    }

    /// <summary>Runs a write statement; returns rows affected.</summary>
    public int Execute(string sql, params (string Name, object? Value)[] args) =>
        Write(sql, args, static c => c.ExecuteNonQuery());

    /// <summary>Runs a write statement that returns a value (e.g. RETURNING): first column of the first row, or null.</summary>
    public object? WriteScalar(string sql, params (string Name, object? Value)[] args) =>
        Write(sql, args, static c => c.ExecuteScalar() is var v && v is DBNull ? null : v);

    /// <summary>
    /// Runs a write statement: in the ambient unit of work; else, with a <see cref="Writer"/>, as a unit of work of its own
    /// (queued with the other writers instead of meeting SQLite's busy handler); else in autocommit on a rented session.
    /// </summary>
    public TResult Write<TResult>(string sql, (string Name, object? Value)[] args, Func<DbCommand, TResult> execute) =>
        Writer is null || Ambient is not null ? Run(sql, args, execute) : InTransaction(s => s.Run(sql, args, execute));

    private const string IsolatedSavepoint = "SAVEPOINT isolated_write";
    private const string ReleaseIsolated = "RELEASE isolated_write";
    private const string RollbackToIsolated = "ROLLBACK TO isolated_write";

    /// <summary>
    /// As <see cref="Write{TResult}"/>, for a write whose failure inside the ambient unit of work (or batch) must undo only
    /// itself and leave the unit's other work to be committed. On SQLite that needs nothing: a failed statement is undone
    /// alone and the transaction stays open (no savepoint statements on the hot path); should SQLite have ended the
    /// transaction (an I/O or disk-full error), the unit is doomed, so its Commit throws rather than commit a part. On
    /// PostgreSQL, where a failed statement aborts the transaction, the write runs in a savepoint of its own.
    /// </summary>
    public TResult WriteIsolated<TResult>(string sql, (string Name, object? Value)[] args, Func<DbCommand, TResult> execute)
    {
        if (Ambient is not { } unit) return Write(sql, args, execute);
        ThrowIfTransactionLost(unit);
        var session = unit.Session;
        if (!Dialect.FailedStatementAbortsTransaction)
        {
            try
            {
                return session.Run(sql, args, execute);
            }
            catch (Exception ex) when (!Dialect.TransactionSurvived(session.Connection))
            {
                Doom(unit, ex);
                throw;
            }
        }
        session.Run(IsolatedSavepoint, [], static c => c.ExecuteNonQuery());
        try
        {
            var result = session.Run(sql, args, execute);
            session.Run(ReleaseIsolated, [], static c => c.ExecuteNonQuery());
            return result;
        }
        catch (Exception ex)
        {
            try
            {
                session.Run(RollbackToIsolated, [], static c => c.ExecuteNonQuery());
                session.Run(ReleaseIsolated, [], static c => c.ExecuteNonQuery());
            }
            catch (Exception)
            {
                Doom(unit, ex);
            }
            throw;
        }
    }

    // A unit (or the batch it belongs to) doomed by a failed statement may have lost its transaction: SQLite ends it after
    // some errors, and its connection is then in autocommit mode, where a further statement, or the SAVEPOINT of the
    // batch's next unit (which then starts a transaction of its own, committed by its RELEASE), would be committed at
    // once, alone, while the unit's Commit reports that nothing was kept. Refused instead: all of it rolls back.
    private static void ThrowIfTransactionLost(SqlUnitOfWork unit)
    {
        if ((unit.DoomedBy ?? unit.Batch?.DoomedBy) is { } cause)
            throw new StoreCommitException($"the unit of work's transaction failed; nothing of it is kept: {cause.Message}", cause);
    }

    // The unit (and the batch it belongs to) can only roll back now.
    private static void Doom(SqlUnitOfWork unit, Exception cause)
    {
        for (var u = unit; u is not null; u = u.Batch)
        {
            u.Doomed = true;
            u.DoomedBy ??= cause;
        }
    }

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
            ThrowIfTransactionLost(unit);
            lock (unit.Session.Gate) return work(unit.Session);
        }
        if (Writer is not null)
        {
            using var grouped = (SqlUnitOfWork)BeginUnitOfWork();
            T groupedResult;
            lock (grouped.Session.Gate) groupedResult = work(grouped.Session);
            grouped.Commit();
            return groupedResult;
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
        if (Ambient is { } unit)
        {
            ThrowIfTransactionLost(unit);
            return unit.Session.Run(sql, args, execute);
        }
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
        ThrowIfRefused();
        if (_keepOpen)
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_idle.Count > 0) return _idle.Pop();
            }
        }
        return new SqlSession(Open(), cacheCommands: _keepOpen);
    }

    // A session that failed is closed rather than reused: its connection or cached commands may be in a bad state.
    private void Return(SqlSession session, bool healthy)
    {
        if (_keepOpen && healthy && !session.InTransaction)
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
        Writer?.Dispose();
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
