using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Cloud.Adapter;
using CommsHub.Cloud.Configuration;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// What the sweeper service reports about a pass: expired CV4 pre-commands it purged are logged and counted like the
/// requests it finished. Runs the real <see cref="TimeoutSweeper"/> over a SQLite store in a temp folder.
/// </summary>
public sealed class SweeperServiceTests : IDisposable
{
    private const string SweptCounter = "commshub.sweeper.finished";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-sweeper-tests-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Metrics_count_purged_pre_commands_beside_the_other_sweep_results()
    {
        using var recorded = new SweptRecorder();
        using var metrics = new AdapterMetrics();

        // Counts no other test produces, so parallel adapters on the same meter name cannot be mistaken for these.
        metrics.Swept(new SweepResult(0, 0, 0) { PurgedPreCommands = 9_731 });
        metrics.Swept(new SweepResult(9_732, 0, 0));
        metrics.Swept(new SweepResult(0, 0, 0) { PurgedFinished = 9_733 });

        Assert.Contains((AdapterMetrics.PurgedPreCommandsResult, 9_731L), recorded.Measurements);
        Assert.Contains((AdapterMetrics.PurgedFinishedResult, 9_733L), recorded.Measurements);
        Assert.Contains(("E21", 9_732L), recorded.Measurements);
    }

    [Fact]
    public async Task A_pass_that_purges_expired_pre_commands_logs_them_at_information_and_counts_them()
    {
        using var store = SqliteDccStore.Open(_dir);
        var now = DateTimeOffset.UtcNow;
        // Three expired (a CV5 never came), one still valid: only the three go, and only they are reported.
        for (ulong counter = 1; counter <= 3; counter++)
            store.PreCommands.Record(new IssuedPreCommand(0x90B3D51F30010000, 0x00DB1234567890A0, counter, "7.1", [0xDF, 0x09], now.AddHours(-1)));
        store.PreCommands.Record(new IssuedPreCommand(0x90B3D51F30010000, 0x00DB1234567890A0, 4, "7.1", [0xDF, 0x09], now.AddHours(1)));
        var logger = new ListLogger<SweeperService>();
        using var recorded = new SweptRecorder();
        using var metrics = new AdapterMetrics();
        using var signer = SelfSignedSigner();
        using var service = Service(store, signer, metrics, logger, intervalMilliseconds: 60_000);

        await service.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (logger.Entries.IsEmpty && DateTime.UtcNow < deadline) await Task.Delay(20);
        await service.StopAsync(CancellationToken.None);

        var (level, message) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Information, level);
        Assert.Equal("sweeper: 0 answered E21, 0 answered E20, 0 dispatched, 3 expired pre-command(s) purged, 0 finished request(s) past retention purged", message);
        Assert.Contains((AdapterMetrics.PurgedPreCommandsResult, 3L), recorded.Measurements);
        Assert.NotNull(store.PreCommands.Find(0x00DB1234567890A0, 4, now));
    }

    [Fact]
    public async Task A_pass_with_nothing_to_do_logs_nothing()
    {
        using var store = SqliteDccStore.Open(_dir);
        var logger = new ListLogger<SweeperService>();
        using var metrics = new AdapterMetrics();
        using var signer = SelfSignedSigner();
        using var service = Service(store, signer, metrics, logger, intervalMilliseconds: 20);

        using var passes = new PassCounter(metrics, atLeast: 3);

        await service.StartAsync(CancellationToken.None);
        // Several passes ran (each counted after the pass, before its log line would be written)...
        await passes.Reached.WaitAsync(TimeSpan.FromSeconds(15));
        // ...and once the service has stopped, every line it would write for them is written.
        await service.StopAsync(CancellationToken.None);

        Assert.Empty(logger.Entries);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    // The real sweeper over the store; nothing may be dispatched or answered (the store holds no requests).
    private static SweeperService Service(SqliteDccStore store, DuisSigner signer, AdapterMetrics metrics, ILogger<SweeperService> logger,
        int intervalMilliseconds)
    {
        var presence = new HubPresence();
        var sweeper = new TimeoutSweeper(store, new NoDispatcher(), presence,
            new DuisAsyncResponses(store, new DuisResponseWriter(signer), new NoDelivery()));
        var options = Options.Create(new CommsHubOptions { Dispatch = { SweepIntervalMilliseconds = intervalMilliseconds } });
        return new SweeperService(sweeper, presence, metrics, options, logger);
    }

    // The response writer needs a DSP key; nothing is answered in these tests, so any P-256 certificate does.
    private static DuisSigner SelfSignedSigner()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test DSP", key, HashAlgorithmName.SHA256);
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        return new DuisSigner(key, certificate);
    }

    private sealed class NoDispatcher : ICommandDispatcher
    {
        public Task<DispatchOutcome> DispatchAsync(PendingRequest request, ulong hub, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("no request should be dispatched");
    }

    private sealed class NoDelivery : IUserDelivery
    {
        public Task<DeliveryReceipt> DeliverAsync(DuisDelivery delivery, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("no answer should be delivered");
    }

    /// <summary>Log entries at Information and above, as formatted.</summary>
    private sealed class ListLogger<T> : ILogger<T>
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) Entries.Enqueue((logLevel, formatter(state, exception)));
        }
    }

    /// <summary>Completes once a number of sweeper passes were counted on one AdapterMetrics instance's meter.</summary>
    private sealed class PassCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _passes;

        public PassCounter(AdapterMetrics metrics, int atLeast)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                // This instance's meter only: other tests' adapters count passes on meters of the same name.
                if (instrument.Meter == metrics.Meter && instrument.Name == AdapterMetrics.SweepsCounter) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
            {
                if (Interlocked.Add(ref _passes, value) >= atLeast) _reached.TrySetResult();
            });
            _listener.Start();
        }

        public Task Reached => _reached.Task;

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Measurements of the sweeper counter on the adapter's meter: (result tag, value).</summary>
    private sealed class SweptRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();

        public SweptRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AdapterMetrics.MeterName && instrument.Name == SweptCounter) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                    if (tag.Key == "result") Measurements.Add(((string)tag.Value!, value));
            });
            _listener.Start();
        }

        public ConcurrentBag<(string Result, long Value)> Measurements { get; } = new();

        public void Dispose() => _listener.Dispose();
    }
}
