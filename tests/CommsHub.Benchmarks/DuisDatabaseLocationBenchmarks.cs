using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using CommsHub.Dcc.Pipeline;

namespace CommsHub.Benchmarks;

/// <summary>
/// <see cref="DuisPipelineBenchmarks.RequestToDecision"/> with the SQLite database on the VM's disk (the temp folder,
/// as the adapter's default data directory would be) and in memory (tmpfs, /dev/shm), in one BenchmarkDotNet run, so
/// that the two medians and their ratio come from the same run. Same code and same SQLite work (WAL, checkpoints and
/// their fsyncs); only the file system differs.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[Config(typeof(Config))]
public class DuisDatabaseLocationBenchmarks
{
    private const string Memory = "/dev/shm";
    private readonly DuisPipelineBenchmarks _pipeline = new();

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(20));
    }

    /// <summary>Where the database file goes.</summary>
    [Params("disk", "memory")]
    public string Database { get; set; } = "disk";

    /// <summary>Signs the request pool and opens the store in the chosen place.</summary>
    [GlobalSetup]
    public void Setup()
    {
        if (Database == "memory" && !Directory.Exists(Memory))
            throw new InvalidOperationException($"{Memory} (tmpfs) is not there; the in-memory case needs it");
        _pipeline.DatabaseRoot = Database == "memory" ? Memory : Path.GetTempPath();
        _pipeline.Setup();
    }

    /// <summary>Closes the store and deletes its folder.</summary>
    [GlobalCleanup]
    public void Cleanup() => _pipeline.Cleanup();

    /// <summary>The stages: XSD, signature, replay, access control, transform, ACB MAC, SQLite writes, dispatch.</summary>
    [Benchmark]
    public DuisOutcome RequestToDecision() => _pipeline.RequestToDecision();
}
