using System.Collections.Concurrent;
using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Storage;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Access.Tests.TwoInstances;

/// <summary>
/// A <see cref="TimeoutSweeper"/> on each of two adapter instances over one PostgreSQL schema, sweeping at the same
/// moment (as every instance's sweeper service does): every overdue request is answered exactly once, its one answer in
/// the user outbox, and the purges together delete each expired row once.
/// </summary>
public sealed class TwoSweepersOnPostgresTests : IDisposable, IPostgresSuite, INeedsSharedData
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const ulong User = 0x90B3D51F30010000, Device = 0x00DB1234567890A0;
    private const int Requests = 120, PreCommands = 300;

    private readonly PostgresBackend _backend = new();
    private readonly IDccStore _a, _b;
    private readonly ManualClock _clock = new(T0);
    private readonly DuisSigner _dsp = DuisSigner.Load(Key("dsp-xml-sign-90B3D51F30000002-ds.key"), Key("dsp-xml-sign-90B3D51F30000002-ds.pem"));
    private readonly ConcurrentQueue<(string Instance, DuisDelivery Delivery)> _delivered = new();
    // Set by each instance's first delivery, which waits (bounded) for the other's. Since the outbox no longer awaits a
    // first delivery this does not hold a sweeper up; the one-batch-per-sweep options make both sweepers take a share.
    private readonly ManualResetEventSlim _aDelivered = new(), _bDelivered = new();

    /// <summary>Opens instance A, then instance B, on the one schema.</summary>
    public TwoSweepersOnPostgresTests()
    {
        _a = _backend.Open();
        _b = _backend.Open();
    }

    private static string Key(string file) => SharedData.PathOf(Path.Combine("vectors/gbcs/duis/signing-keys", file));

    private static string RequestKey(ulong counter) => $"90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:{counter}";

    private TimeoutSweeper Sweeper(string instance, IDccStore store) =>
        new(store, new NoDispatch(), new HubPresence(),
            new DuisAsyncResponses(store, new DuisResponseWriter(_dsp, _clock), new RecordingDelivery(instance, _delivered,
                instance == "A" ? _aDelivered : _bDelivered, instance == "A" ? _bDelivered : _aDelivered), _clock),
            // One batch of overdue requests per sweep (a zero time budget): each round both sweepers find work, so both take
            // a share however fast one of them is (the first delivery no longer holds its sweeper up: it is not awaited).
            new TimeoutSweeperOptions { BatchSize = 16, PreCommandPurgeBatchSize = 40, FinishedRetention = TimeSpan.Zero, MaxOverdueTime = TimeSpan.Zero },
            _clock);

    [StoreFact]
    public async Task Two_sweepers_at_once_answer_each_overdue_request_once()
    {
        // Half sent and unanswered (E21 at the deadline), half never sent: the device has no hub in the inventory (E20).
        for (ulong c = 1; c <= Requests; c++)
        {
            var state = c % 2 == 0 ? PendingState.Sent : PendingState.Pending;
            Assert.True((c % 3 == 0 ? _b : _a).PendingRequests.Add(
                new PendingRequest(RequestKey(c), User, Device, c, "4.1.1", state, T0, T0.AddMinutes(1), [0xD9, 0x01], null)));
        }
        for (ulong c = 1; c <= PreCommands; c++)
            _a.PreCommands.Record(new IssuedPreCommand(User, Device, 10_000 + c, "7.1", [0xDF, 0x09], T0.AddSeconds(c % 50)));
        _clock.Now = T0.AddMinutes(2);

        var sweepA = Sweeper("A", _a);
        var sweepB = Sweeper("B", _b);
        int timedOut = 0, unreachable = 0, purged = 0;
        for (var round = 0; round < 20 && (timedOut + unreachable < Requests || purged < PreCommands); round++)
        {
            using var start = new Barrier(2);
            var a = Task.Run(() => { start.SignalAndWait(); return sweepA.SweepAsync(); });
            var b = Task.Run(() => { start.SignalAndWait(); return sweepB.SweepAsync(); });
            foreach (var r in await Task.WhenAll(a, b))
            {
                Assert.Equal(0, r.Dispatched);
                (timedOut, unreachable, purged) = (timedOut + r.TimedOut, unreachable + r.Unreachable, purged + r.PurgedPreCommands);
            }
        }

        Assert.Equal((Requests / 2, Requests / 2, PreCommands), (timedOut, unreachable, purged));
        // The first delivery attempts run after the sweeps return (started, not awaited): wait for them.
        for (var i = 0; i < 1000 && _delivered.Count < Requests; i++) await Task.Delay(10);
        // Exactly one outcome per request: one delivery from one instance, one answer in the user outbox, one final state.
        var byRequest = _delivered.GroupBy(d => d.Delivery.Key).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(Requests, byRequest.Count);
        for (ulong c = 1; c <= Requests; c++)
        {
            var delivered = Assert.Single(byRequest[RequestKey(c)]);
            var staged = _b.Outbox.Find(DuisMessageKind.Response, RequestKey(c))!;
            Assert.Equal(delivered.Delivery.Xml, staged.Xml);
            var finished = _a.PendingRequests.Find(RequestKey(c))!;
            Assert.Equal(c % 2 == 0 ? (PendingState.TimedOut, "E21") : (PendingState.Failed, "E20"), (finished.State, finished.ResponseCode));
        }
        // Both instances took a share (the race is real, not one sweeper doing all the work while the other waits).
        Assert.Equal(["A", "B"], _delivered.Select(d => d.Instance).Distinct().Order());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        _dsp.Dispose();
        _backend.Dispose();
        _aDelivered.Dispose();
        _bDelivered.Dispose();
    }

    // Pending requests here have no hub, so nothing may be dispatched.
    private sealed class NoDispatch : ICommandDispatcher
    {
        public Task<DispatchOutcome> DispatchAsync(PendingRequest request, ulong hub, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException($"request {request.RequestId} dispatched, but its device has no hub");
    }

    private sealed class RecordingDelivery(
        string instance, ConcurrentQueue<(string, DuisDelivery)> into, ManualResetEventSlim mine, ManualResetEventSlim other)
        : IUserDelivery
    {
        public async Task<DeliveryReceipt> DeliverAsync(DuisDelivery delivery, CancellationToken cancellationToken = default)
        {
            into.Enqueue((instance, delivery));
            if (!mine.IsSet)
            {
                mine.Set();
                // Bounded: if the other instance never delivers, the test's last assertion says so instead of hanging.
                await Task.Run(() => other.Wait(TimeSpan.FromSeconds(20)), cancellationToken).ConfigureAwait(false);
            }
            return DeliveryReceipt.Sent;
        }
    }
}
