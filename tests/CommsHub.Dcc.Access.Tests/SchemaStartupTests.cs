using System.Collections.Concurrent;
using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using Npgsql;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>
/// Start-up against the schema by several adapter instances at once (one PostgreSQL, or one SQLite file opened by
/// several stores), a step that fails half-way, and a database newer than the code: each step is applied exactly once
/// and whole, every instance starts on the complete schema, and a downgrade is refused before anything is written.
/// </summary>
public abstract class SchemaStartupTests<TBackend> where TBackend : IStoreBackend, new()
{
    private protected const int LatestSchema = 14;
    private const int Instances = 6;
    private const int Rounds = 8;

    private protected abstract IReadOnlyList<Migration> Migrations { get; }

    [StoreFact]
    public void Instances_starting_together_on_an_empty_database_all_start_on_the_latest_schema_applied_once()
    {
        // Each round a fresh database: the race is in its very first statements.
        for (var round = 0; round < Rounds; round++)
        {
            using var backend = new TBackend();
            OpenTogether(backend, round);
            AssertAppliedOnce(backend);
        }
    }

    [StoreFact]
    public void Instances_starting_together_on_a_database_at_step_12_upgrade_it_once()
    {
        for (var round = 0; round < Rounds / 2; round++)
        {
            using var backend = new TBackend();
            BuildAtStep(backend, 12);
            OpenTogether(backend, round);
            AssertAppliedOnce(backend);
        }
    }

    [StoreFact]
    public void A_step_that_fails_half_way_leaves_nothing_of_itself_and_is_applied_whole_next_start()
    {
        using var backend = new TBackend();
        using var store = (SqlDccStore)backend.Open();
        Migration NextStep(string tail) => new(LatestSchema + 1, "test step", $"CREATE TABLE next_step (x INTEGER); ALTER TABLE user_outbox ADD COLUMN next_step BIGINT; {tail}");
        // The third statement fails, as a crash after the first two would end the step: the first two must not remain.
        Assert.ThrowsAny<Exception>(() => MigrationRunner.Run(store.Database, [.. Migrations, NextStep("SELECT * FROM no_such_table;")]));
        Assert.Equal(LatestSchema, Scalar(store, "SELECT MAX(version) FROM schema_migrations"));
        Assert.Equal(0, Scalar(store, $"SELECT COUNT(*) FROM schema_migrations WHERE version = {LatestSchema + 1}"));
        Assert.ThrowsAny<Exception>(() => Scalar(store, "SELECT COUNT(*) FROM next_step"));
        Assert.ThrowsAny<Exception>(() => Scalar(store, "SELECT COUNT(next_step) FROM user_outbox"));

        Assert.Equal(LatestSchema + 1, MigrationRunner.Run(store.Database, [.. Migrations, NextStep("")]));
        Assert.Equal(0, Scalar(store, "SELECT COUNT(*) FROM next_step"));
        Assert.Equal(0, Scalar(store, "SELECT COUNT(next_step) FROM user_outbox"));
    }

    [StoreFact]
    public void An_older_adapter_on_a_newer_database_is_refused_with_a_typed_one_line_error_and_changes_nothing()
    {
        using var backend = new TBackend();
        using var newer = (SqlDccStore)backend.Open(); // stands for the newer adapter, for reading
        backend.ExecuteRaw($"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({LatestSchema + 1}, 'from a newer adapter', 0)");
        var before = Scalar(newer, "SELECT COUNT(*) FROM schema_migrations");

        var error = Assert.Throws<StoreSchemaTooNewException>(() => backend.Open());
        Assert.Equal((LatestSchema + 1, LatestSchema), (error.Found, error.Known));
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains($"schema step {LatestSchema + 1}, newer than this adapter's {LatestSchema}", error.Message);
        Assert.IsAssignableFrom<InvalidOperationException>(error); // the hosts report those in one line
        Assert.Equal(before, Scalar(newer, "SELECT COUNT(*) FROM schema_migrations"));
    }

    [StoreFact]
    public void A_running_store_whose_database_a_newer_adapter_upgrades_refuses_every_new_unit_of_work_once_it_has_checked()
    {
        const ulong User = 0x90B3D51F30010000;
        using var backend = new TBackend();
        using var store = backend.Open();
        Assert.Equal(LatestSchema, store.CheckSchema());
        Assert.True(store.Counters.TryAdvance(User, 1, out _));
        // A newer adapter version commits its new step while this one runs.
        backend.ExecuteRaw($"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({LatestSchema + 1}, 'from a newer adapter', 0)");

        var error = Assert.Throws<StoreSchemaTooNewException>(() => store.CheckSchema());
        Assert.Equal((LatestSchema + 1, LatestSchema), (error.Found, error.Known));
        // From now on nothing more is written (or read) by this code: each refusal is a store failure (503, nothing kept).
        Assert.True(StoreFailure.Is(Assert.Throws<StoreSchemaTooNewException>(() => store.BeginUnitOfWork())));
        Assert.Throws<StoreSchemaTooNewException>(() => store.BeginBatch());
        Assert.Throws<StoreSchemaTooNewException>(() => store.BeginExclusiveUnitOfWork());
        Assert.Throws<StoreSchemaTooNewException>(() => store.Counters.TryAdvance(User, 2, out _));
        Assert.Throws<StoreSchemaTooNewException>(() => store.PendingRequests.Find("R1"));
        Assert.Throws<StoreSchemaTooNewException>(() => store.CheckSchema());
        // What it committed before stays for the newer instances.
        Assert.Single(backend.QueryRaw("SELECT * FROM request_counters"));
    }

    /// <summary>Builds the database at <paramref name="step"/> with the released scripts, as an older adapter left it.</summary>
    private protected void BuildAtStep(TBackend backend, int step)
    {
        backend.ExecuteRaw("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        foreach (var m in Migrations.Where(m => m.Version <= step))
        {
            backend.ExecuteRaw(m.Sql);
            backend.ExecuteRaw($"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({m.Version}, '{m.Name.Replace("'", "''")}', 0)");
        }
    }

    // Opens Instances stores at the same moment on threads of their own; every one must start on the latest schema.
    private static void OpenTogether(TBackend backend, int round)
    {
        using var start = new Barrier(Instances);
        var failures = new ConcurrentQueue<string>();
        var threads = Enumerable.Range(0, Instances).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                using var store = backend.Open();
                if (store.SchemaVersion != LatestSchema) failures.Enqueue($"instance {i} started at schema {store.SchemaVersion}");
                // The newest step's column is there for this instance: it did not start on a half-upgraded schema.
                _ = store.Outbox.PurgeHandedOver(DateTimeOffset.UnixEpoch, 1);
            }
            catch (Exception e)
            {
                failures.Enqueue($"instance {i}: {e.GetType().Name}: {e.Message}");
            }
        })).ToList();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        Assert.True(failures.IsEmpty, $"round {round}: {string.Join("; ", failures)}");
    }

    private static void AssertAppliedOnce(TBackend backend)
    {
        using var store = (SqlDccStore)backend.Open();
        Assert.Equal(LatestSchema, Scalar(store, "SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal(LatestSchema, Scalar(store, "SELECT COUNT(DISTINCT version) FROM schema_migrations"));
    }

    private static int Scalar(SqlDccStore store, string sql)
    {
        using var connection = store.Database.Open();
        using var command = SqlDatabase.Command(connection, null, sql);
        return Convert.ToInt32(command.ExecuteScalar());
    }
}

/// <summary>On one SQLite file opened by several stores (separate connections, as separate processes have).</summary>
public sealed class SqliteSchemaStartupTests : SchemaStartupTests<SqliteBackend>
{
    private protected override IReadOnlyList<Migration> Migrations => SqliteMigrations.All;

    [StoreFact]
    public void A_store_waits_for_another_process_s_long_step_beyond_the_busy_timeout()
    {
        using var backend = new SqliteBackend();
        using (backend.Open()) { }
        // Another process holding the file's write lock, as it does while applying a long step (a table rebuild).
        using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={backend.FilePath};Pooling=False");
        other.Open();
        using var holding = other.BeginTransaction(); // BEGIN IMMEDIATE
        // A 1 s busy timeout stands for the default 30 s.
        var log = new LogLines();
        var starting = Task.Run(() => SqliteDccStore.Open(Path.GetDirectoryName(backend.FilePath)!,
            new SqliteStoreOptions { FileName = Path.GetFileName(backend.FilePath), BusyTimeout = TimeSpan.FromSeconds(1) }, log));
        // Waiting (past its first busy timeout), not merely not yet started (a slow start would pass a bare sleep), ...
        Assert.True(log.WaitFor("waiting for the migration lock", TimeSpan.FromSeconds(20)) is not null,
            starting.Exception?.InnerException?.Message ?? "it never said it waits for the lock");
        // ... and still waiting after two more busy timeouts.
        Thread.Sleep(TimeSpan.FromSeconds(3));
        Assert.False(starting.IsCompleted, starting.Exception?.InnerException?.Message ?? "it started without the lock");
        holding.Commit();
        using var store = starting.GetAwaiter().GetResult();
        Assert.Equal(LatestSchema, store.SchemaVersion);
    }

    [StoreFact]
    public void A_store_waiting_for_another_process_s_migration_logs_once_that_it_waits_and_again_when_it_goes_on()
    {
        using var backend = new SqliteBackend();
        using (backend.Open()) { }
        using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={backend.FilePath};Pooling=False");
        other.Open();
        using var holding = other.BeginTransaction(); // BEGIN IMMEDIATE, as a process applying a step holds it
        var log = new LogLines();
        var starting = Task.Run(() => SqliteDccStore.Open(Path.GetDirectoryName(backend.FilePath)!,
            new SqliteStoreOptions { FileName = Path.GetFileName(backend.FilePath), BusyTimeout = TimeSpan.FromMilliseconds(200) }, log));

        Assert.NotNull(log.WaitFor("waiting for the migration lock", TimeSpan.FromSeconds(20)));
        Thread.Sleep(TimeSpan.FromSeconds(1)); // many more busy timeouts: still one line
        Assert.Single(log.Lines);
        Assert.Null(log.WaitFor("going on", TimeSpan.Zero));
        holding.Commit();
        using var store = starting.GetAwaiter().GetResult();
        Assert.Contains("SQLite schema migration: got the migration lock after", log.WaitFor("going on", TimeSpan.Zero));
        Assert.Equal(2, log.Lines.Count);
    }
}

/// <summary>On one PostgreSQL schema.</summary>
public sealed class PostgresSchemaStartupTests : SchemaStartupTests<PostgresBackend>, IPostgresSuite
{
    private protected override IReadOnlyList<Migration> Migrations => PostgresMigrations.All;

    [StoreFact]
    public void An_instance_waits_for_another_instances_long_step_beyond_the_command_timeout()
    {
        using var backend = new PostgresBackend();
        // Another instance holding the migration lock, as it does while applying a long step.
        using var other = new NpgsqlConnection(backend.ConnectionString);
        other.Open();
        using var holding = new PostgresDialect().BeginMigration(other);
        // A 1 s command timeout stands for Npgsql's default 30 s.
        var quick = new NpgsqlConnectionStringBuilder(backend.ConnectionString) { CommandTimeout = 1 }.ToString();
        var log = new LogLines();
        var starting = Task.Run(() => PostgresDccStore.Open(quick, logger: log));
        // Waiting for the lock, not merely not yet started (a slow start would pass a bare sleep), ...
        Assert.True(log.WaitFor("waiting for the migration lock", TimeSpan.FromSeconds(20)) is not null,
            starting.Exception?.InnerException?.Message ?? "it never said it waits for the lock");
        // ... and still waiting well past the command timeout.
        Thread.Sleep(TimeSpan.FromSeconds(3));
        Assert.False(starting.IsCompleted, starting.Exception?.InnerException?.Message ?? "it started without the lock");
        holding.Commit();
        using var store = starting.GetAwaiter().GetResult();
        Assert.Equal(LatestSchema, store.SchemaVersion);
    }

    [StoreFact]
    public void An_instance_in_another_schema_does_not_wait_for_this_schema_s_migration()
    {
        // Two deployments on one database, each in a schema of its own (search_path): a migration in one holds nothing of
        // the other's, so its lock must not hold the other's start either.
        using var migrating = new PostgresBackend();
        using var elsewhere = new PostgresBackend();
        using var other = new NpgsqlConnection(migrating.ConnectionString);
        other.Open();
        using var holding = new PostgresDialect().BeginMigration(other);

        var starting = Task.Run(elsewhere.Open);
        Assert.True(starting.Wait(TimeSpan.FromSeconds(20)), "the instance in another schema waited for this schema's migration lock");
        using (var store = starting.GetAwaiter().GetResult()) Assert.Equal(LatestSchema, store.SchemaVersion);

        // In the same schema it still waits (for the lock: it says so; a slow start would pass a bare sleep).
        var log = new LogLines();
        var same = Task.Run(() => PostgresDccStore.Open(migrating.ConnectionString, logger: log));
        Assert.True(log.WaitFor("waiting for the migration lock", TimeSpan.FromSeconds(20)) is not null,
            same.Exception?.InnerException?.Message ?? "it never said it waits for the lock");
        Thread.Sleep(TimeSpan.FromSeconds(2));
        Assert.False(same.IsCompleted, same.Exception?.InnerException?.Message ?? "it started without the lock");
        holding.Commit();
        using (var store = same.GetAwaiter().GetResult()) Assert.Equal(LatestSchema, store.SchemaVersion);
    }

    [StoreFact]
    public void An_instance_waiting_for_another_s_migration_logs_who_holds_the_lock_and_again_when_it_goes_on()
    {
        using var backend = new PostgresBackend();
        using var other = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(backend.ConnectionString) { ApplicationName = "adapter-b" }.ToString());
        other.Open();
        using var holding = new PostgresDialect().BeginMigration(other);
        var log = new LogLines();
        var starting = Task.Run(() => PostgresDccStore.Open(backend.ConnectionString, logger: log));

        var waiting = log.WaitFor("waiting for the migration lock", TimeSpan.FromSeconds(20));
        Assert.NotNull(waiting);
        Assert.Contains($"held by PostgreSQL backend pid {other.ProcessID} (application 'adapter-b', client ", waiting);
        Thread.Sleep(TimeSpan.FromSeconds(1));
        Assert.Single(log.Lines);
        holding.Commit();
        using var store = starting.GetAwaiter().GetResult();
        Assert.Contains("PostgreSQL schema migration: got the migration lock after", log.WaitFor("going on", TimeSpan.Zero));
        Assert.Equal(2, log.Lines.Count);
    }

    [StoreFact]
    public void An_instance_that_does_not_wait_logs_nothing()
    {
        using var backend = new PostgresBackend();
        var log = new LogLines();
        using (PostgresDccStore.Open(backend.ConnectionString, logger: log)) { }
        using (PostgresDccStore.Open(backend.ConnectionString, logger: log)) { }
        Assert.Empty(log.Lines);
    }
}
