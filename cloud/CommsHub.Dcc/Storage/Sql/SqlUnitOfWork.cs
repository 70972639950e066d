namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// The <see cref="IDccUnitOfWork"/> of a SQL store: one session in a transaction, ambient for its async flow. On SQLite
/// the session is the <see cref="GroupCommitWriter"/>'s and <see cref="Member"/> is this unit's place in its group.
/// A batch (<see cref="IDccStore.BeginBatch"/>) is such a unit with <see cref="IsBatch"/> set; the units of work begun
/// inside it are savepoints of its transaction (<see cref="Batch"/> names their batch).
/// </summary>
internal sealed class SqlUnitOfWork(SqlDatabase db, SqlSession session, GroupCommitWriter.Member? member = null,
    SqlUnitOfWork? batch = null, bool isBatch = false) : IDccUnitOfWork
{
    private const string ReleaseSavepoint = "RELEASE " + SqlDatabase.BatchSavepointName;
    private const string RollbackToSavepoint = "ROLLBACK TO " + SqlDatabase.BatchSavepointName;

    public SqlSession Session { get; } = session;

    /// <summary>This unit's place in a group commit, or null when it owns its session's transaction.</summary>
    public GroupCommitWriter.Member? Member { get; } = member;

    /// <summary>The batch this unit is a savepoint of, or null.</summary>
    public SqlUnitOfWork? Batch { get; } = batch;

    /// <summary>True for a batch: the units of work begun inside it become savepoints.</summary>
    public bool IsBatch { get; } = isBatch;

    /// <summary>The savepoint unit open in this batch, if any.</summary>
    public SqlUnitOfWork? OpenChild { get; set; }

    public bool IsOpen { get; private set; } = true;

    public bool WroteReferenceData { get; set; }

    public bool Doomed { get; set; }

    /// <summary>Why a doomed unit cannot commit (a failed savepoint statement), or null for an abandoned nested unit.</summary>
    public Exception? DoomedBy { get; set; }

    public void Commit()
    {
        if (!IsOpen) throw new InvalidOperationException("the unit of work is already finished");
        if (IsBatch && OpenChild is not null)
            throw new InvalidOperationException("a unit of work of the batch is still open; commit or dispose it before the batch");
        if (Doomed)
        {
            var cause = DoomedBy;
            Dispose();
            if (cause is not null)
                throw new StoreCommitException($"the batch's transaction failed in one of its units; nothing of it was kept: {cause.Message}", cause);
            throw new InvalidOperationException("a nested unit of work was abandoned without committing; everything was rolled back");
        }
        if (Batch is { } owner)
        {
            KeepInBatch(owner);
            return;
        }
        IsOpen = false;
        var committed = false;
        try
        {
            if (Member is { } grouped) grouped.Commit();
            else Session.Commit();
            committed = true;
        }
        finally
        {
            // A grouped unit's failure was handled by the writer (which owns the session).
            if (!committed && Member is null) Session.TryRollback();
            db.Finish(this, committed, healthy: committed);
        }
    }

    public void Dispose()
    {
        if (!IsOpen) return;
        IsOpen = false;
        if (Batch is { } owner)
        {
            // After the batch ended its transaction is gone, and this unit's work with it.
            if (owner.IsOpen) RunOrDoom(owner, RollbackToSavepoint, ReleaseSavepoint);
            db.FinishSavepoint(this, kept: false);
            return;
        }
        if (Member is { } grouped) grouped.Abandon();
        else Session.TryRollback();
        db.Finish(this, committed: false, healthy: true);
    }

    // The unit's work stays in the batch's transaction, to be committed (or rolled back) with it.
    private void KeepInBatch(SqlUnitOfWork owner)
    {
        IsOpen = false;
        var kept = RunOrDoom(owner, ReleaseSavepoint);
        db.FinishSavepoint(this, kept);
        if (!kept) throw new StoreCommitException("the unit of work could not be kept in its batch; the batch fails as a whole", owner.DoomedBy);
    }

    // A savepoint statement that fails leaves the batch's transaction in an unknown state: the batch can only roll back.
    private bool RunOrDoom(SqlUnitOfWork owner, params string[] statements)
    {
        try
        {
            foreach (var sql in statements) Session.Run(sql, [], static c => c.ExecuteNonQuery());
            return true;
        }
        catch (Exception ex)
        {
            owner.Doomed = true;
            owner.DoomedBy ??= ex;
            return false;
        }
    }
}
