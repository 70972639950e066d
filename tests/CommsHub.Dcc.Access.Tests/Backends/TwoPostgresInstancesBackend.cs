using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;

namespace CommsHub.Dcc.Access.Tests.Backends;

/// <summary>
/// One PostgreSQL schema served by two adapter instances' stores at once (separate store objects, so separate
/// connection pools and separate reference caches): the store it opens sends each repository operation to the other
/// instance than the last, so every suite run on it proves that what one instance wrote the other sees and honours.
/// </summary>
/// <remarks>
/// The reference cache (users, Registration Data, inventory) is off here: it is per instance by design, and a write by
/// one instance reaches the other's cache only when the entry expires (<see cref="PostgresStoreOptions.ReferenceCacheTtl"/>),
/// which the contract's read-after-write steps would otherwise see when the read goes to the other instance. Everything
/// the contract checks is then shared state in the database. Repositories a component takes once (e.g.
/// <see cref="AccessControl"/> at construction) stay on the instance they came from, as in one adapter.
/// </remarks>
public sealed class TwoPostgresInstancesBackend : IStoreBackend
{
    private readonly PostgresBackend _database = new();

    /// <inheritdoc/>
    public IDccStore Open() => new AlternatingStore(_database.Open(NoCache), _database.Open(NoCache));

    private static PostgresStoreOptions NoCache => new() { ReferenceCacheTtl = TimeSpan.Zero };

    /// <inheritdoc/>
    public void ExecuteRaw(string sql) => _database.ExecuteRaw(sql);

    /// <inheritdoc/>
    public IReadOnlyList<string> QueryRaw(string sql) => _database.QueryRaw(sql);

    /// <inheritdoc/>
    public void Dispose() => _database.Dispose();

    /// <summary>
    /// Alternates between instance A and B on every repository access. A unit of work runs on one connection, so while
    /// one is open on this flow every access goes to the instance that began it (as it would in one adapter).
    /// </summary>
    private sealed class AlternatingStore(IDccStore a, IDccStore b) : IDccStore
    {
        private readonly AsyncLocal<IDccStore?> _pinned = new();
        private int _turn;

        private IDccStore Next() => _pinned.Value ?? ((Interlocked.Increment(ref _turn) & 1) == 0 ? a : b);

        public IUserStore Users => Next().Users;
        public IRegistrationStore Registration => Next().Registration;
        public IInventoryStore Inventory => Next().Inventory;
        public IConsentStore Consents => Next().Consents;
        public ICounterStore Counters => Next().Counters;
        public IAuditTrail Audit => Next().Audit;
        public IPendingRequestStore PendingRequests => Next().PendingRequests;
        public IQuarantineStore Quarantines => Next().Quarantines;
        public IAnomalyCountStore AnomalyCounts => Next().AnomalyCounts;
        public IPreCommandStore PreCommands => Next().PreCommands;
        public IUserOutboxStore Outbox => Next().Outbox;
        public CommsHub.Dcc.Schedules.IScheduleStore Schedules => Next().Schedules;
        public int SchemaVersion => Next().SchemaVersion;

        public int CheckSchema() => Next().CheckSchema();

        public IDccUnitOfWork BeginUnitOfWork() => Pin(s => s.BeginUnitOfWork());

        public IDccUnitOfWork BeginBatch() => Pin(s => s.BeginBatch());

        public IDccUnitOfWork BeginExclusiveUnitOfWork() => Pin(s => s.BeginExclusiveUnitOfWork());

        private PinnedUnit Pin(Func<IDccStore, IDccUnitOfWork> begin)
        {
            var outer = _pinned.Value;
            var store = Next();
            var unit = begin(store);
            _pinned.Value = store;
            return new PinnedUnit(unit, () => _pinned.Value = outer);
        }

        public void Dispose()
        {
            a.Dispose();
            b.Dispose();
        }

        private sealed class PinnedUnit(IDccUnitOfWork inner, Action unpin) : IDccUnitOfWork
        {
            public void Commit() => inner.Commit();

            public void Dispose()
            {
                try { inner.Dispose(); }
                finally { unpin(); }
            }
        }
    }
}
