using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using CommsHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>The SQLite store's settings from <c>CommsHub:Storage:Sqlite</c>: bound into the host's store and validated.</summary>
public sealed class StorageConfigurationTests
{
    [SharedDataFact]
    public async Task Configured_sqlite_settings_reach_the_store()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-storage-cfg-" + Guid.NewGuid().ToString("N"));
        var app = CloudApp.Create(CloudFixture.LoopbackArguments(dir,
                "--CommsHub:Storage:Sqlite:FileName=fleet.db", "--CommsHub:Storage:Sqlite:SynchronousNormal=false",
                "--CommsHub:Storage:Sqlite:MaxGroupCommit=8"),
            console: TextWriter.Null);
        try
        {
            var store = Assert.IsType<SqliteDccStore>(app.Services.GetRequiredService<IDccStore>());
            Assert.Equal(Path.Combine(Path.GetFullPath(dir), "fleet.db"), store.FilePath);
            Assert.True(File.Exists(store.FilePath));
            Assert.False(File.Exists(Path.Combine(dir, "commshub.db")));
        }
        finally
        {
            await app.DisposeAsync();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [SharedDataFact]
    public async Task The_sqlite_writer_figures_are_published_as_metrics()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-storage-metrics-" + Guid.NewGuid().ToString("N"));
        var app = CloudApp.Create(CloudFixture.LoopbackArguments(dir), console: TextWriter.Null);
        try
        {
            var store = Assert.IsType<SqliteDccStore>(app.Services.GetRequiredService<IDccStore>());
            var meter = app.Services.GetRequiredService<Adapter.AdapterMetrics>().Meter;
            for (var i = 0; i < 5; i++)
                store.Audit.Append(new AuditEntry(DateTimeOffset.UtcNow, "t", 1, "4.1.1", $"M{i}", null, "I99", Dcc.Access.AccessOutcome.Accepted, "why"));

            var seen = Observed(meter);

            Assert.Equal(store.WriterCommits, seen["commshub.store.commits"]);
            Assert.Equal(store.WriterUnits, seen["commshub.store.units"]);
            Assert.True(seen["commshub.store.commits"] >= 5, $"{seen["commshub.store.commits"]} commits after 5 writes");
            Assert.Equal(0, seen["commshub.store.writer_queue"]);
            Assert.True(seen.ContainsKey("commshub.store.checkpoints"));
        }
        finally
        {
            await app.DisposeAsync();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3601")]
    public void A_schema_check_interval_out_of_range_stops_the_start(string seconds) =>
        Assert.Contains("Storage:SchemaCheckSeconds", CloudFixture.RefusedStart("--CommsHub:Storage:SchemaCheckSeconds", seconds));

    [Theory]
    [InlineData("0")]
    [InlineData("1025")]
    public void A_decision_batch_limit_out_of_range_stops_the_start(string limit) =>
        Assert.Contains("Dispatch:MaxDecisionBatch", CloudFixture.RefusedStart("--CommsHub:Dispatch:MaxDecisionBatch", limit));

    [SharedDataFact]
    public async Task The_decision_batcher_takes_its_limit_from_configuration_and_publishes_its_figures()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-batcher-" + Guid.NewGuid().ToString("N"));
        var app = CloudApp.Create(CloudFixture.LoopbackArguments(dir, "--CommsHub:Dispatch:MaxDecisionBatch", "7"), console: TextWriter.Null);
        try
        {
            var batcher = app.Services.GetRequiredService<Dcc.Pipeline.DecisionBatcher>();
            Assert.Equal(7, batcher.MaxBatch);
            var meter = app.Services.GetRequiredService<Adapter.AdapterMetrics>().Meter;
            var seen = Observed(meter);
            Assert.Contains("commshub.duis.decision_batches", seen.Keys);
            Assert.Contains("commshub.duis.batched_requests", seen.Keys);
        }
        finally
        {
            await app.DisposeAsync();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("87601")]
    public void A_finished_request_retention_out_of_range_stops_the_start(string hours) =>
        Assert.Contains("Dispatch:FinishedRetentionHours", CloudFixture.RefusedStart("--CommsHub:Dispatch:FinishedRetentionHours", hours));

    // The values the meter's observable instruments report now, by instrument name.
    private static Dictionary<string, long> Observed(System.Diagnostics.Metrics.Meter meter)
    {
        var seen = new Dictionary<string, long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => seen[instrument.Name] = value);
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => seen[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }

    [Theory]
    [InlineData("MaxGroupCommit", "0")]
    [InlineData("PageSize", "3000")]
    [InlineData("BusyTimeout", "00:00:00")]
    [InlineData("CheckpointAfterCommits", "-1")]
    [InlineData("FileName", "sub/commshub.db")]
    [InlineData("FileName", "..")]
    public void Invalid_sqlite_settings_stop_the_start(string setting, string value) =>
        Assert.Contains($"Storage:Sqlite:{setting}", CloudFixture.RefusedStart($"--CommsHub:Storage:Sqlite:{setting}", value));
}
