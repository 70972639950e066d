namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// The <see cref="IDccUnitOfWork"/> of a SQL store: one session in a transaction, ambient for its async flow. On SQLite
/// the session is the <see cref="GroupCommitWriter"/>'s and <see cref="Member"/> is this unit's place in its group.
/// </summary>
internal sealed class SqlUnitOfWork(SqlDatabase db, SqlSession session, GroupCommitWriter.Member? member = null) : IDccUnitOfWork
{
    public SqlSession Session { get; } = session;

    /// <summary>This unit's place in a group commit, or null when it owns its session's transaction.</summary>
    public GroupCommitWriter.Member? Member { get; } = member;

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
        if (Member is { } grouped) grouped.Abandon();
        else Session.TryRollback();
        db.Finish(this, committed: false, healthy: true);
    }
}
