using CommsHub.Cloud.Seeding;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Schedules;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using CommsHub.Protocol.Asn1;
using CommsHub.TestSupport;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// Two adapter instances starting together on one empty database both seed it: every device, status history row and
/// registration period is there exactly once. Each seeder runs on a store instance of its own (its own connections);
/// both are made to read the empty database before either writes, where they can.
/// </summary>
[Collection(CloudCollection.Name)]
public sealed class ConcurrentSeedingTests(CloudFixture cloud)
{
    [SharedDataFact]
    public void Two_instances_seeding_one_sqlite_file_at_once_leave_one_copy_of_everything()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-seed-race-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new SqliteStoreOptions { ReferenceCacheTtl = TimeSpan.Zero };
            var added = SeedTogether(() => SqliteDccStore.Open(dir, options));
            using var connection = new SqliteConnection($"Data Source={Path.Combine(dir, options.FileName)};Pooling=False");
            connection.Open();
            AssertOneCopy(connection);
            Assert.Equal(3, added); // CHF, ESME, GSME added once between them
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [PostgresSharedDataFact]
    public void Two_instances_seeding_one_postgres_schema_at_once_leave_one_copy_of_everything()
    {
        var admin = CloudPostgres.Required;
        var schema = "t_" + Guid.NewGuid().ToString("N");
        Execute(admin, $"CREATE SCHEMA {schema}");
        var database = new NpgsqlConnectionStringBuilder(admin) { SearchPath = schema }.ToString();
        try
        {
            var added = SeedTogether(() => PostgresDccStore.Open(database, new PostgresStoreOptions { ReferenceCacheTtl = TimeSpan.Zero }));
            using var connection = new NpgsqlConnection(database);
            connection.Open();
            AssertOneCopy(connection);
            Assert.Equal(3, added);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Execute(admin, $"DROP SCHEMA IF EXISTS {schema} CASCADE");
        }
    }

    // Two store instances (as two adapters have), each seeding on a thread of its own. Both meet at each read of a device
    // and of a registration, so without exclusion both find nothing and both write; an instance kept out by the other's
    // seeding gets there only after the other has finished, which goes on after a short wait each time.
    // Returns the devices the two reported added.
    private int SeedTogether(Func<IDccStore> open)
    {
        using (open()) { } // the schema: its migration is not what is raced here
        using var a = open();
        using var b = open();
        var devices = new Rendezvous();
        var registrations = new Rendezvous();
        var seeding = new[] { a, b }.Select(store => Task.Factory.StartNew(
            () => StoreSeeder.Seed(new MeetingStore(store, devices, registrations), cloud.Identities, SeedPlan.Rtds),
            TaskCreationOptions.LongRunning)).ToArray();
        Assert.True(Task.WaitAll(seeding, TimeSpan.FromSeconds(90)), "the seeders did not finish");
        return seeding.Sum(t => t.Result);
    }

    private static void AssertOneCopy(System.Data.Common.DbConnection connection)
    {
        Assert.Equal(3, Count(connection, "SELECT COUNT(*) FROM devices"));
        // One row per device: its status since the seed (the second instance must not record the same change again).
        Assert.Equal(3, Count(connection, "SELECT COUNT(*) FROM device_status_history"));
        // ESME: import supplier and distributor; GSME: gas supplier and transporter.
        Assert.Equal(4, Count(connection, "SELECT COUNT(*) FROM registration"));
        Assert.Equal(4, Count(connection, "SELECT COUNT(DISTINCT mpxn || role) FROM registration"));
    }

    private static int Count(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(command.ExecuteScalar());
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    // Two callers meet here once per key: each waits up to 1 s for the other.
    private sealed class Rendezvous
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<object, CountdownEvent> _meetings = new();

        public void Meet(object key)
        {
            var arrived = _meetings.GetOrAdd(key, _ => new CountdownEvent(2));
            lock (arrived)
            {
                if (arrived.IsSet) return;
                arrived.Signal();
            }
            arrived.Wait(TimeSpan.FromSeconds(1));
        }
    }

    // The store, with every read of a device or a registration going through a rendezvous first.
    private sealed class MeetingStore(IDccStore inner, Rendezvous devices, Rendezvous registrations) : IDccStore
    {
        public IUserStore Users => inner.Users;
        public IRegistrationStore Registration { get; } = new MeetingRegistration(inner.Registration, registrations);
        public IInventoryStore Inventory { get; } = new MeetingInventory(inner.Inventory, devices);
        public IConsentStore Consents => inner.Consents;
        public ICounterStore Counters => inner.Counters;
        public IAuditTrail Audit => inner.Audit;
        public IPendingRequestStore PendingRequests => inner.PendingRequests;
        public IQuarantineStore Quarantines => inner.Quarantines;
        public IAnomalyCountStore AnomalyCounts => inner.AnomalyCounts;
        public IPreCommandStore PreCommands => inner.PreCommands;
        public IUserOutboxStore Outbox => inner.Outbox;
        public IScheduleStore Schedules => inner.Schedules;
        public int SchemaVersion => inner.SchemaVersion;
        public int CheckSchema() => inner.CheckSchema();
        public IDccUnitOfWork BeginUnitOfWork() => inner.BeginUnitOfWork();
        public IDccUnitOfWork BeginExclusiveUnitOfWork() => inner.BeginExclusiveUnitOfWork();
        public IDccUnitOfWork BeginBatch() => inner.BeginBatch();
        public void Dispose() { }
    }

    private sealed class MeetingInventory(IInventoryStore inner, Rendezvous rendezvous) : IInventoryStore
    {
        public InventoryDevice? Find(ulong eui)
        {
            rendezvous.Meet(eui);
            return inner.Find(eui);
        }

        public void Upsert(InventoryDevice device) => inner.Upsert(device);
        public IReadOnlyList<InventoryDevice> OnHub(ulong chf) => inner.OnHub(chf);
        public IReadOnlyList<InventoryDevice> OfType(DeviceType type) => inner.OfType(type);
        public bool SetStatus(ulong eui, SmiStatus status, DateTimeOffset since) => inner.SetStatus(eui, status, since);
    }

    private sealed class MeetingRegistration(IRegistrationStore inner, Rendezvous rendezvous) : IRegistrationStore
    {
        public void Add(RegistrationPeriod period) => inner.Add(period);

        public IReadOnlyList<RegistrationPeriod> ForMpxn(string mpxn)
        {
            rendezvous.Meet(mpxn);
            return inner.ForMpxn(mpxn);
        }

        public int EndOpenPeriod(string mpxn, UserRole role, DateTimeOffset at) => inner.EndOpenPeriod(mpxn, role, at);
    }
}

/// <summary>
/// A fact that needs the shared data and <c>COMMSHUB_POSTGRES</c>; skipped with the reason otherwise, except that under CI
/// a missing PostgreSQL fails it (<see cref="CloudPostgres"/>).
/// </summary>
public sealed class PostgresSharedDataFactAttribute : FactAttribute
{
    /// <summary>Skips when one of them is missing.</summary>
    public PostgresSharedDataFactAttribute()
    {
        if (!SharedData.Available) Skip = SharedData.SkipReason;
        else if (CloudPostgres.SkipReason("this test") is { } reason) Skip = reason;
    }
}
