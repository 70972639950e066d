using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>The SQL <see cref="IDccStore"/>: the repositories over one database, schema migrated on construction.</summary>
public abstract class SqlDccStore : IDccStore
{
    private readonly SqlDatabase _db;
    private readonly SqlUserStore _users;
    private readonly SqlRegistrationStore _registration;
    private readonly SqlInventoryStore _inventory;

    private protected SqlDccStore(SqlDatabase db, TimeSpan referenceCacheTtl)
    {
        _db = db;
        SchemaVersion = MigrationRunner.Run(db);
        Users = _users = new SqlUserStore(db, referenceCacheTtl);
        Registration = _registration = new SqlRegistrationStore(db, referenceCacheTtl);
        Inventory = _inventory = new SqlInventoryStore(db, referenceCacheTtl);
        Consents = new SqlConsentStore(db);
        Counters = new SqlCounterStore(db);
        Audit = new SqlAuditTrail(db);
        PendingRequests = new SqlPendingRequestStore(db);
        Quarantines = new SqlQuarantineStore(db);
        AnomalyCounts = new SqlAnomalyCountStore(db);
        PreCommands = new SqlPreCommandLedger(db);
        Outbox = new SqlUserOutboxStore(db);
        Schedules = new SqlScheduleStore(db);
        db.ReferenceDataMayHaveChanged += ClearReferenceCache;
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
    public IAnomalyCountStore AnomalyCounts { get; }
    /// <inheritdoc/>
    public IPreCommandStore PreCommands { get; }
    /// <inheritdoc/>
    public IUserOutboxStore Outbox { get; }
    /// <inheritdoc/>
    public CommsHub.Dcc.Schedules.IScheduleStore Schedules { get; }
    /// <inheritdoc/>
    public int SchemaVersion { get; }

    /// <inheritdoc/>
    public int CheckSchema()
    {
        _db.ThrowIfRefused();
        var found = Convert.ToInt32(_db.Scalar("SELECT MAX(version) FROM schema_migrations") ?? 0, System.Globalization.CultureInfo.InvariantCulture);
        if (found <= SchemaVersion) return found;
        var tooNew = new StoreSchemaTooNewException(_db.Dialect.Name, found, SchemaVersion);
        _db.Refuse(tooNew);
        throw tooNew;
    }

    /// <inheritdoc/>
    public IDccUnitOfWork BeginUnitOfWork() => _db.BeginUnitOfWork();

    /// <inheritdoc/>
    public IDccUnitOfWork BeginExclusiveUnitOfWork() => _db.BeginExclusiveUnitOfWork();

    /// <inheritdoc/>
    public IDccUnitOfWork BeginBatch() => _db.BeginBatch();

    /// <summary>The database helper (for tests that need a statement no repository runs).</summary>
    internal SqlDatabase Database => _db;

    /// <summary>
    /// Drops every cached user, registration and inventory row of this instance (for an operator who changed the database
    /// by other means and does not want to wait for the TTL).
    /// </summary>
    public void ClearReferenceCache()
    {
        _users.ClearCache();
        _registration.ClearCache();
        _inventory.ClearCache();
    }

    /// <summary>Closes the connections.</summary>
    public void Dispose()
    {
        Dispose(true);
        _db.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the concrete store holds beyond the shared connections.</summary>
    protected virtual void Dispose(bool disposing) { }
}
