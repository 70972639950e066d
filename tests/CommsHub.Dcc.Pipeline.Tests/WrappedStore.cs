using CommsHub.Dcc.Storage;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// The real store, with its units of work and batches wrapped by the test (to make a commit fail, as a full disk or a
/// lost database connection would, or to hold it, as a slow disk would).
/// </summary>
public sealed class WrappedStore(IDccStore inner, Func<IDccUnitOfWork, IDccUnitOfWork>? unit = null, Func<IDccUnitOfWork, IDccUnitOfWork>? batch = null)
    : DelegatingStore(inner)
{
    public override IDccUnitOfWork BeginUnitOfWork() => unit is null ? Inner.BeginUnitOfWork() : unit(Inner.BeginUnitOfWork());
    public override IDccUnitOfWork BeginBatch() => batch is null ? Inner.BeginBatch() : batch(Inner.BeginBatch());
}

/// <summary>A unit of work whose commit fails (after rolling the work back), as a failed commit on a full disk would.</summary>
public sealed class FailingCommit(IDccUnitOfWork inner) : IDccUnitOfWork
{
    public void Commit()
    {
        inner.Dispose();
        throw new StoreCommitException("the disk is full", null);
    }

    public void Dispose() => inner.Dispose();
}

/// <summary>A unit of work whose commit waits for the test to release it; the committing event says it was reached.</summary>
public sealed class HeldCommit(IDccUnitOfWork inner, ManualResetEventSlim committing, ManualResetEventSlim release) : IDccUnitOfWork
{
    public void Commit()
    {
        committing.Set();
        release.Wait(TimeSpan.FromSeconds(30));
        inner.Commit();
    }

    public void Dispose() => inner.Dispose();
}
