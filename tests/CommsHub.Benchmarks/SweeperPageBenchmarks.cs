using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace CommsHub.Benchmarks;

/// <summary>
/// One page (100) of the sweeper's read of Pending requests, halfway through a backlog held for offline hubs
/// (OfflineHubPolicy.Queue), on SQLite: through the store (the arrival-order index of schema step 14) against the
/// statement the store ran before that step (the state bound as a parameter, so only the (state, deadline) index applies
/// and every Pending row is sorted per page), on the same database in the same run. A full pass reads backlog/100 pages.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[Config(typeof(Config))]
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

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "commshub-sweeper-bench", Guid.NewGuid().ToString("N"));
    private SqliteDccStore _store = null!;
    private SqliteConnection _connection = null!;
    private PendingRequest _middle = null!;

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
    [Benchmark(Baseline = true)]
    public int PageBeforeStep14()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = BeforeStep14;
        command.Parameters.AddWithValue("@state", nameof(PendingState.Pending));
        command.Parameters.AddWithValue("@created", _middle.CreatedAt.UtcTicks); // the store keeps times as UTC ticks
        command.Parameters.AddWithValue("@rid", _middle.RequestId);
        command.Parameters.AddWithValue("@limit", Page);
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read()) rows++;
        return rows == Page ? rows : throw new InvalidOperationException($"{rows} rows, not {Page}");
    }

    /// <summary>The store's page, as the sweeper reads it.</summary>
    [Benchmark]
    public int PageThroughStore()
    {
        var rows = _store.PendingRequests.InState(PendingState.Pending, Page, _middle).Count;
        return rows == Page ? rows : throw new InvalidOperationException($"{rows} rows, not {Page}");
    }
}
