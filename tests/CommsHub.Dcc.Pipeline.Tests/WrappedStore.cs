using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Storage;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// The real store, with its units of work and batches wrapped by the test (to make a commit fail, as a full disk or a
/// lost database connection would, or to hold it, as a slow disk would).
/// </summary>
public sealed class WrappedStore(IDccStore inner, Func<IDccUnitOfWork, IDccUnitOfWork>? unit = null, Func<IDccUnitOfWork, IDccUnitOfWork>? batch = null)
    : IDccStore
{
    public IUserStore Users => inner.Users;
    public IRegistrationStore Registration => inner.Registration;
    public IInventoryStore Inventory => inner.Inventory;
    public IConsentStore Consents => inner.Consents;
    public ICounterStore Counters => inner.Counters;
    public IAuditTrail Audit => inner.Audit;
    public IPendingRequestStore PendingRequests => inner.PendingRequests;
    public IQuarantineStore Quarantines => inner.Quarantines;
    public IAnomalyCountStore AnomalyCounts => inner.AnomalyCounts;
    public IPreCommandStore PreCommands => inner.PreCommands;
    public int SchemaVersion => inner.SchemaVersion;
    public IDccUnitOfWork BeginUnitOfWork() => unit is null ? inner.BeginUnitOfWork() : unit(inner.BeginUnitOfWork());
    public IDccUnitOfWork BeginBatch() => batch is null ? inner.BeginBatch() : batch(inner.BeginBatch());
    public void Dispose() { }
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
