using System.Data.Common;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// The writers of one SQLite store, queued in process and committed in groups. SQLite lets one connection write at a
/// time. Without this queue, concurrent units of work on separate connections meet SQLite's busy handler, which sleeps
/// for milliseconds, and every unit writes its own copy of each page it touches to the WAL. Here one writer connection
/// holds one transaction at a time and units of work take the writer in turn. A unit that finishes while others are
/// queued leaves the transaction open for them and waits. The unit that finds nobody queued behind it (or fills the
/// group) commits for all and wakes them: one WAL write of the pages the group shares (the audit and pending-request
/// leaves, their index pages, the counter row). A unit that joins a transaction already holding others' work runs inside
/// a savepoint, so that it can be rolled back alone.
/// </summary>
/// <remarks>
/// A unit's Commit returns only once its group has committed, so durability and all-or-nothing are as before. A unit in
/// a group reads the writes of the units before it in the same group; those are committed with it, or the whole group
/// fails and each unit's Commit throws <see cref="StoreCommitException"/>. With one unit at a time (no queue) this is
/// BEGIN IMMEDIATE ... COMMIT per unit, as before. Only units of work and the store's explicit writes come through here;
/// reads use the other pooled connections and see committed data only (WAL).
/// </remarks>
internal sealed class GroupCommitWriter : IDisposable
{
    // How often a unit waiting for its group checks that the writer was not left free with the group open (a queued unit
    // that gave up on its queue timeout). Normally the wait ends with the group's commit, long before this; long enough
    // that a queued unit merely slow to be scheduled is not overtaken (which would be harmless, but split the group).
    private static readonly TimeSpan StrandedGroupCheck = TimeSpan.FromSeconds(1);

    private const string Savepoint = "SAVEPOINT grouped_unit";
    private const string ReleaseSavepoint = "RELEASE grouped_unit";
    private const string RollbackToSavepoint = "ROLLBACK TO grouped_unit";

    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Func<SqlSession> _openSession;
    private readonly int _maxGroup;
    private readonly TimeSpan _queueTimeout;
    private readonly Action _committed;
    private int _queued;
    // Touched only by the unit holding _writer.
    private SqlSession? _session;
    private Group? _open;
    private bool _disposed;
    private long _commits, _units;

    /// <param name="openSession">Opens the writer's connection (again after a failure).</param>
    /// <param name="maxGroup">Units of work one commit may carry at most (1: each commits alone, still queued in process).</param>
    /// <param name="queueTimeout">How long a unit of work waits for the writer before <see cref="TimeoutException"/>.</param>
    /// <param name="committed">Called after each commit, on the committing thread, once the writer is free.</param>
    public GroupCommitWriter(Func<SqlSession> openSession, int maxGroup, TimeSpan queueTimeout, Action committed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxGroup);
        _openSession = openSession;
        _maxGroup = maxGroup;
        _queueTimeout = queueTimeout;
        _committed = committed;
    }

    /// <summary>Transactions committed.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Units of work committed (with <see cref="Commits"/>: the mean group size).</summary>
    public long Units => Interlocked.Read(ref _units);

    /// <summary>Units of work waiting for the writer right now.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Waits for the writer and starts a unit of work in the open transaction (or a new one).</summary>
    /// <exception cref="TimeoutException">The writer stayed busy for longer than the queue timeout.</exception>
    public Member Enter()
    {
        if (!Acquire())
            throw new TimeoutException(
                $"waited {_queueTimeout.TotalSeconds:0.#} s for the SQLite store's writer: a unit of work was left open, or writes arrive faster than they can be committed");
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var session = _session ??= _openSession();
            var group = _open;
            if (group is null)
            {
                session.Begin();
                _open = group = new Group();
            }
            // Nobody else's work in the transaction yet: this unit can roll the whole of it back, no savepoint needed.
            if (group.Members == 0) return new Member(this, session, group, savepoint: false);
            Run(session, Savepoint);
            return new Member(this, session, group, savepoint: true);
        }
        catch
        {
            if (_open is { } open) HandOn(open);
            else
            {
                DropSession();
                _writer.Release();
            }
            throw;
        }
    }

    // Waits in the queue for the writer; counted in Queued meanwhile, so that a unit finishing now leaves its group open
    // for this caller instead of committing it.
    private bool Acquire()
    {
        Interlocked.Increment(ref _queued);
        try
        {
            return _writer.Wait(_queueTimeout);
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }
    }

    private void Commit(Member member)
    {
        var group = member.Group;
        if (member.HasSavepoint)
        {
            try
            {
                Run(member.Session, ReleaseSavepoint);
            }
            catch (Exception ex)
            {
                // This unit can be neither kept nor separated from the others: the group fails as a whole.
                Finish(group, commit: false, ex);
                throw Failed(group);
            }
        }
        group.Members++;
        if (Volatile.Read(ref _queued) > 0 && group.Members < _maxGroup)
        {
            _writer.Release();
            AwaitCommit(group);
        }
        else
        {
            Finish(group, commit: true, failure: null);
        }
        if (group.Failure is not null) throw Failed(group);
    }

    private void Abandon(Member member)
    {
        var group = member.Group;
        if (!member.HasSavepoint)
        {
            Finish(group, commit: false, failure: null);
            return;
        }
        try
        {
            Run(member.Session, RollbackToSavepoint);
            Run(member.Session, ReleaseSavepoint);
        }
        catch (Exception ex)
        {
            Finish(group, commit: false, ex);
            return;
        }
        HandOn(group);
    }

    // Passes the writer to a queued unit, which joins the open transaction, or commits it now (nobody queued, group full).
    private void HandOn(Group group)
    {
        if (group.Members == 0) Finish(group, commit: false, failure: null);
        else if (Volatile.Read(ref _queued) > 0 && group.Members < _maxGroup) _writer.Release();
        else Finish(group, commit: true, failure: null);
    }

    private void AwaitCommit(Group group)
    {
        while (!group.Done.Wait(StrandedGroupCheck))
        {
            // The unit that was queued gave up (queue timeout) and left the group open with the writer free: commit it here.
            if (!_writer.Wait(0)) continue;
            if (ReferenceEquals(_open, group)) Finish(group, commit: true, failure: null);
            else _writer.Release();
        }
    }

    // Ends the open transaction (commit, or roll back everything in it), wakes the group and frees the writer.
    private void Finish(Group group, bool commit, Exception? failure)
    {
        var committed = EndTransaction(group, commit, failure);
        _writer.Release();
        if (committed) _committed();
    }

    private bool EndTransaction(Group group, bool commit, Exception? failure)
    {
        var committed = false;
        if (failure is null && commit)
        {
            try
            {
                _session!.Commit();
                committed = true;
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }
        if (!committed)
        {
            // After a failed statement the session's state is unknown: close it, the next unit opens a fresh one.
            if (failure is null) _session?.TryRollback();
            else DropSession();
        }
        else
        {
            Interlocked.Increment(ref _commits);
            Interlocked.Add(ref _units, group.Members);
        }
        _open = null;
        group.Failure = committed ? null : failure;
        group.Done.Set();
        return committed;
    }

    private static StoreCommitException Failed(Group group) =>
        new($"the group commit this unit of work shared with {group.Members - 1} other(s) failed; nothing of it was kept: {group.Failure!.Message}",
            group.Failure);

    private void DropSession()
    {
        _session?.Dispose();
        _session = null;
    }

    private static void Run(SqlSession session, string sql) => session.Run(sql, [], static c => c.ExecuteNonQuery());

    /// <summary>
    /// Waits for the writer (up to the queue timeout), commits a group still open for units waiting on it, and closes
    /// the writer's connection. Later units of work get <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        // Still busy after the timeout: a unit of work was left open; its connection is closed when it is collected.
        if (!Acquire()) return;
        var committed = false;
        if (!_disposed)
        {
            _disposed = true;
            if (_open is { } group) committed = EndTransaction(group, commit: group.Members > 0, failure: null);
            DropSession();
        }
        _writer.Release();
        if (committed) _committed();
    }

    /// <summary>One transaction and the units of work in it.</summary>
    internal sealed class Group
    {
        /// <summary>Units whose work is in the transaction, waiting for its commit (the last one commits it).</summary>
        public int Members;

        /// <summary>Why the transaction was not committed, once <see cref="Done"/> is set; null when it was.</summary>
        public Exception? Failure;

        /// <summary>Set when the transaction has ended.</summary>
        public readonly ManualResetEventSlim Done = new(false);
    }

    /// <summary>One unit of work holding the writer.</summary>
    internal sealed class Member(GroupCommitWriter writer, SqlSession session, Group group, bool savepoint)
    {
        /// <summary>The writer's connection, in the group's transaction.</summary>
        public SqlSession Session { get; } = session;

        internal Group Group { get; } = group;

        internal bool HasSavepoint { get; } = savepoint;

        /// <summary>Keeps the unit's work and returns once its group committed.</summary>
        /// <exception cref="StoreCommitException">The group's transaction failed; nothing of this unit was kept.</exception>
        public void Commit() => writer.Commit(this);

        /// <summary>Rolls back the unit's work (only its own) and frees the writer.</summary>
        public void Abandon() => writer.Abandon(this);
    }
}
