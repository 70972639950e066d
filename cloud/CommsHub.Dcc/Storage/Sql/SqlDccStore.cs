using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>The SQL <see cref="IDccStore"/>: the repositories over one database, schema migrated on construction.</summary>
public abstract class SqlDccStore : IDccStore
{
    private protected SqlDccStore(SqlDatabase db)
    {
        SchemaVersion = MigrationRunner.Run(db);
        Users = new SqlUserStore(db);
        Registration = new SqlRegistrationStore(db);
        Inventory = new SqlInventoryStore(db);
        Consents = new SqlConsentStore(db);
        Counters = new SqlCounterStore(db);
        Audit = new SqlAuditTrail(db);
        PendingRequests = new SqlPendingRequestStore(db);
        Quarantines = new SqlQuarantineStore(db);
    }

    /// <inheritdoc/>
    public IUserStore Users { get; }
    /// <inheritdoc/>
    public IRegistrationStore Registration { get; }
    /// <inheritdoc/>
    public IInventoryStore Inventory { get; }
    /// <inheritdoc/>
    public IConsentStore Consents { get; }
    /// <inheritdoc/>
    public ICounterStore Counters { get; }
    /// <inheritdoc/>
    public IAuditTrail Audit { get; }
    /// <inheritdoc/>
    public IPendingRequestStore PendingRequests { get; }
    /// <inheritdoc/>
    public IQuarantineStore Quarantines { get; }
    /// <inheritdoc/>
    public int SchemaVersion { get; }

    /// <summary>Releases pooled connections.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases pooled connections.</summary>
    protected virtual void Dispose(bool disposing) { }
}
