using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Storage;

/// <summary>
/// Everything the DCC adapter persists, as one set of small repositories (DESIGN.md, Storage: one interface, two
/// implementations). <see cref="Sql.SqliteDccStore"/> is the embedded default, <see cref="Sql.PostgresDccStore"/>
/// the one for a fleet that outgrows one machine; both pass the same test suite. Opening a store runs its schema
/// migrations. Every call is a short, self-contained transaction, so any adapter instance may serve any request; a
/// <see cref="BeginUnitOfWork"/> groups the calls of one request into a single transaction.
/// </summary>
/// <remarks>
/// <para>Read-mostly reference data (users, Registration Data, inventory) may be cached by a store instance: a write through
/// the same instance is seen at once by it; a write by another instance or process (same database) is seen within the
/// store's reference-cache TTL (<see cref="Sql.SqliteStoreOptions.ReferenceCacheTtl"/>,
/// <see cref="Sql.PostgresStoreOptions.ReferenceCacheTtl"/>; zero turns caching off). Counters, pending requests, audit,
/// consents, quarantines and anomaly counts are never cached.</para>
/// </remarks>
public interface IDccStore : IDisposable
{
    /// <summary>DCC Users.</summary>
    IUserStore Users { get; }

    /// <summary>Registration Data.</summary>
    IRegistrationStore Registration { get; }

    /// <summary>Smart Metering Inventory.</summary>
    IInventoryStore Inventory { get; }

    /// <summary>Other User consents.</summary>
    IConsentStore Consents { get; }

    /// <summary>Highest RequestID counter accepted per user (replay protection, persisted).</summary>
    ICounterStore Counters { get; }

    /// <summary>Append-only audit trail.</summary>
    IAuditTrail Audit { get; }

    /// <summary>Requests awaiting dispatch or a response.</summary>
    IPendingRequestStore PendingRequests { get; }

    /// <summary>Anomaly-detection quarantines.</summary>
    IQuarantineStore Quarantines { get; }

    /// <summary>Anomaly-detection request counts shared by every instance on the database (used when
    /// <see cref="Access.AnomalyOptions.Counting"/> is <see cref="Access.AnomalyCounting.Shared"/>).</summary>
    IAnomalyCountStore AnomalyCounts { get; }

    /// <summary>Issued CV4 pre-commands awaiting their signed CV5-7 (shared by every instance, kept across restarts;
    /// expired ones are purged by <see cref="Dispatch.TimeoutSweeper"/>).</summary>
    IPreCommandStore PreCommands { get; }

    /// <summary>Signed responses and alerts kept until their users' side has taken them (<see cref="Dispatch.UserOutbox"/>).</summary>
    IUserOutboxStore Outbox { get; }

    /// <summary>DCC schedules (DUIS section 5).</summary>
    CommsHub.Dcc.Schedules.IScheduleStore Schedules { get; }

    /// <summary>The schema version after migrations ran.</summary>
    int SchemaVersion { get; }

    /// <summary>
    /// Reads the database's schema step now (one cheap query), for a host that runs for long: a newer adapter version
    /// may upgrade the shared database while this one runs. When the database is beyond <see cref="SchemaVersion"/>,
    /// throws <see cref="StoreSchemaTooNewException"/>, and from then on this store refuses every new unit of work, batch
    /// and call with it (a <see cref="StoreFailure"/>: 503, nothing kept), so code that does not know the new schema
    /// writes nothing more to it. Units of work already open finish; what is committed stays for the newer instances.
    /// </summary>
    /// <returns>The database's schema step (<see cref="SchemaVersion"/> while nobody has upgraded it).</returns>
    /// <exception cref="StoreSchemaTooNewException">the database was upgraded beyond this code's schema.</exception>
    int CheckSchema();

    /// <summary>
    /// Starts a unit of work: until it is committed or disposed, every call on this store from the calling flow (async
    /// continuations included) runs on one connection in one transaction, so a request's replay-counter advance, audit
    /// entries and pending request are written together or not at all. Dispose without <see cref="IDccUnitOfWork.Commit"/>
    /// rolls everything back. Tasks started from inside it inherit the flow and join it (their calls are serialised on its
    /// connection); calls from unrelated flows are not part of it. A nested call joins the open unit of work.
    /// </summary>
    /// <remarks>On SQLite the transaction takes the write lock at once (BEGIN IMMEDIATE): keep units of work short and
    /// never await I/O (such as an MQTT publish) inside one.</remarks>
    IDccUnitOfWork BeginUnitOfWork();

    /// <summary>
    /// Starts a unit of work (as <see cref="BeginUnitOfWork"/>) that runs alone among the exclusive units of work of every
    /// store instance on the same database (on PostgreSQL: the same schema), waiting for one open elsewhere to end: for
    /// start-up work that reads what is there and then writes what it did not find (seeding), which two instances
    /// starting together would otherwise both write. Units of work that are not exclusive are not held up (on SQLite a
    /// unit of work holds the file's write lock anyway).
    /// </summary>
    /// <exception cref="InvalidOperationException">A unit of work or batch is already open in the calling flow.</exception>
    IDccUnitOfWork BeginExclusiveUnitOfWork();

    /// <summary>
    /// Starts a batch: one transaction for several requests' units of work, committed once. Until the batch ends, each
    /// <see cref="BeginUnitOfWork"/> from the calling flow runs in a savepoint of the batch's transaction: its
    /// <see cref="IDccUnitOfWork.Commit"/> keeps its work for the batch's commit, and disposing it uncommitted rolls back
    /// that unit alone. The batch's <see cref="IDccUnitOfWork.Commit"/> makes every kept unit durable at once, or throws
    /// and keeps none of them; disposing the batch uncommitted rolls them all back. A unit sees the work of the units
    /// before it in the batch. So nothing of a unit may be acted on (a command published, an answer sent) before the batch
    /// has committed.
    /// </summary>
    /// <remarks>One commit (one WAL write, one fsync where durability asks for it) carries many requests, which is where
    /// the request pipeline's batches get their throughput; the same rules as <see cref="BeginUnitOfWork"/> apply (keep it
    /// short, await no I/O inside).</remarks>
    /// <exception cref="InvalidOperationException">A unit of work or batch is already open in the calling flow.</exception>
    IDccUnitOfWork BeginBatch();
}

/// <summary>A transaction spanning several store calls (<see cref="IDccStore.BeginUnitOfWork"/>).</summary>
public interface IDccUnitOfWork : IDisposable
{
    /// <summary>Commits everything done in the unit of work. Disposing without committing rolls it back.</summary>
    void Commit();
}
