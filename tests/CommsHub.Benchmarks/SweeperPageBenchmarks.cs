using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace CommsHub.Benchmarks;

/// <summary>
/// The sweeper's two reads, one page (100) each, on SQLite, through the store against the statement the store ran
/// before, on the same database (at schema step 14) in the same run. A full pass reads backlog/100 pages.
/// <list type="bullet">
/// <item>Pending: halfway through a backlog held for offline hubs (OfflineHubPolicy.Queue). Before schema step 14 the
/// state was bound as a parameter, so only the (state, deadline) index applied and every Pending row was sorted per
/// page; now the arrival-order partial index is read.</item>
/// <item>Overdue: every Pending and Sent request past its deadline, as after an outage, all with one deadline (created
/// together). Both statements read step 14's (state, deadline, request_id) index; what made the old statement sort the
/// whole backlog was the index before that step, which this database no longer has (BENCHMARKS.md has the run on it).
/// The store's one read per state is for PostgreSQL, whose index scan over <c>state IN (...)</c> comes out unordered
/// (Dcc.Access.Tests: StoreContractTests, rows read per page).</item>
/// </list>
/// The old statements only step through their rows; the store also builds each request (its GBCS copied), which is the
/// difference in allocation.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[Config(typeof(Config))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class SweeperPageBenchmarks
{
    private const int Page = 100;
    private const string BeforeStep14 = """
        SELECT request_id, user_eui, device_eui, originator_counter, srv, state, created_at, deadline, gbcs, response_code,
            originator_eui
        FROM pending_requests
        WHERE state = @state AND (created_at > @created OR (created_at = @created AND request_id > @rid))
        ORDER BY created_at, request_id LIMIT @limit
        """;
    private const string OverdueBefore = """
        SELECT request_id, user_eui, device_eui, originator_counter, srv, state, created_at, deadline, gbcs, response_code,
            originator_eui
        FROM pending_requests
        WHERE state IN ('Pending', 'Sent') AND deadline <= @now ORDER BY deadline, request_id LIMIT @limit
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "commshub-sweeper-bench", Guid.NewGuid().ToString("N"));
    private SqliteDccStore _store = null!;
    private SqliteConnection _connection = null!;
    private PendingRequest _middle = null!;
    private DateTimeOffset _afterEveryDeadline;

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(15));
    }

    /// <summary>Pending requests held; a quarter as many again are Sent (waiting for their response).</summary>
    [Params(10_000, 100_000)]
    public int Backlog { get; set; }

    /// <summary>Fills a fresh store and finds the request halfway through the backlog.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _store = SqliteDccStore.Open(_directory);
        var t0 = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
        using (var unit = _store.BeginUnitOfWork())
        {
            for (var i = 0; i < Backlog + Backlog / 4; i++)
                _store.PendingRequests.Add(new PendingRequest($"B-{i:D7}", 0x00DB123456789001, 0x00DB1234567890B0 + (ulong)(i % 500),
                    (ulong)i + 1, "4.1.1", i % 5 == 4 ? PendingState.Sent : PendingState.Pending, t0.AddMilliseconds(i), t0.AddHours(1), new byte[120]));
            unit.Commit();
        }
        _afterEveryDeadline = t0.AddHours(2);
        _middle = _store.PendingRequests.Find($"B-{Backlog / 2:D7}")!;
        _connection = new SqliteConnection($"Data Source={_store.FilePath};Mode=ReadOnly");
        _connection.Open();
    }

    /// <summary>Closes the store and deletes its folder.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _connection.Dispose();
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The statement before schema step 14, run on the same database.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Pending")]
    public int PageBeforeStep14()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = BeforeStep14;
        command.Parameters.AddWithValue("@state", nameof(PendingState.Pending));
        command.Parameters.AddWithValue("@created", _middle.CreatedAt.UtcTicks); // the store keeps times as UTC ticks
        command.Parameters.AddWithValue("@rid", _middle.RequestId);
        return ReadPage(command);
    }

    /// <summary>The store's page, as the sweeper reads it.</summary>
    [Benchmark, BenchmarkCategory("Pending")]
    public int PageThroughStore() => Full(_store.PendingRequests.InState(PendingState.Pending, Page, _middle).Count);

    /// <summary>The overdue statement before one read per state (<c>state IN ('Pending', 'Sent')</c>), on the same database.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Overdue")]
    public int OverdueBeforeOneReadPerState()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = OverdueBefore;
        command.Parameters.AddWithValue("@now", _afterEveryDeadline.UtcTicks);
        return ReadPage(command);
    }

    /// <summary>The store's page of overdue requests, as the sweeper reads it.</summary>
    [Benchmark, BenchmarkCategory("Overdue")]
    public int OverdueThroughStore() => Full(_store.PendingRequests.Overdue(_afterEveryDeadline, Page).Count);

    private static int ReadPage(SqliteCommand command)
    {
        command.Parameters.AddWithValue("@limit", Page);
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read()) rows++;
        return Full(rows);
    }

    private static int Full(int rows) => rows == Page ? rows : throw new InvalidOperationException($"{rows} rows, not {Page}");
}
