using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Storage;
using Xunit;

namespace CommsHub.Dcc.Access.Tests.TwoInstances;

/// <summary>
/// Two adapter instances' stores over one PostgreSQL schema (DESIGN.md, Scale-out): separate store objects, so separate
/// connection pools and separate reference caches. What one instance did, the other must see, and where both race for
/// one row exactly one wins: correlation, replay counters, anomaly counts and the pre-command ledger.
/// </summary>
public sealed class TwoStoreInstancesOnPostgresTests : IDisposable, IPostgresSuite
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const ulong User = 0x90B3D51F30010000, Device = 0x00DB1234567890A0;
    private const int Races = 40;

    private readonly PostgresBackend _backend = new();
    private readonly IDccStore _a, _b;

    /// <summary>Opens instance A, then instance B, on the one schema.</summary>
    public TwoStoreInstancesOnPostgresTests()
    {
        _a = _backend.Open();
        _b = _backend.Open();
    }

    private static PendingRequest Sent(ulong counter) =>
        new(RequestKey(counter), User, Device, counter, "4.1.1", PendingState.Sent, T0, T0.AddMinutes(1), [0xD9, 0x01], null);

    private static string RequestKey(ulong counter) => $"90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:{counter}";

    // Runs a on A and b on B at the same moment, on two threads, and returns both results.
    private static (T A, T B) Race<T>(Func<T> a, Func<T> b)
    {
        using var start = new Barrier(2);
        var ta = Task.Run(() => { start.SignalAndWait(); return a(); });
        var tb = Task.Run(() => { start.SignalAndWait(); return b(); });
        Task.WaitAll(ta, tb);
        return (ta.Result, tb.Result);
    }

    [StoreFact]
    public void A_response_correlated_by_B_to_a_request_A_sent_has_one_outcome()
    {
        for (ulong c = 1; c <= Races; c++)
        {
            Assert.True(_a.PendingRequests.Add(Sent(c)));
            Assert.Equal(RequestKey(c), _b.PendingRequests.FindByCorrelation(Device, User, c)!.RequestId);
            // The same response taken by both instances (a redelivery, a shared subscription handing it over twice).
            var (byA, byB) = Race(
                () => _a.PendingRequests.TryTransition(RequestKey(c), PendingState.Sent, PendingState.Completed, "I0"),
                () => _b.PendingRequests.TryTransition(RequestKey(c), PendingState.Sent, PendingState.Completed, "I0"));
            Assert.True(byA ^ byB, $"request {c}: A {byA}, B {byB}");
            Assert.Equal((PendingState.Completed, "I0"), (_a.PendingRequests.Find(RequestKey(c))!.State, _a.PendingRequests.Find(RequestKey(c))!.ResponseCode));
        }
    }

    [StoreFact]
    public void A_counter_accepted_by_A_is_refused_as_a_replay_by_B()
    {
        var guardA = new ReplayGuard(_a.Counters);
        var guardB = new ReplayGuard(_b.Counters);
        var id = new RequestId(User, Device, 1000);
        guardA.Check(id);
        Assert.Equal(DuisRejectReason.Replay, Assert.Throws<DuisRejectedException>(() => guardB.Check(id)).Reason);
        Assert.False(guardB.TryAccept(new RequestId(User, Device, 999), out var refusal));
        Assert.Contains("(1000)", refusal);
        // B's advance is seen by A at once: no instance keeps a counter of its own.
        guardB.Check(new RequestId(User, Device, 1001));
        Assert.False(guardA.TryAccept(new RequestId(User, Device, 1001), out _));

        // One copy of a request arriving at both instances at once: exactly one accepts it.
        for (ulong c = 2000; c < 2000 + Races; c++)
        {
            var id2 = new RequestId(User, Device, c);
            var (byA, byB) = Race(() => guardA.TryAccept(id2, out _), () => guardB.TryAccept(id2, out _));
            Assert.True(byA ^ byB, $"counter {c}: A {byA}, B {byB}");
        }
    }

    [StoreFact]
    public void Anomaly_counts_are_shared_and_racing_increments_are_all_counted()
    {
        var windowA = new StoreWindowCounter(_a.AnomalyCounts, TimeSpan.FromMinutes(1));
        var windowB = new StoreWindowCounter(_b.AnomalyCounts, TimeSpan.FromMinutes(1));
        var window = TimeSpan.FromMinutes(10);
        Assert.Equal(1, windowA.Add(User, "4.1.1", T0, window));
        Assert.Equal(2, windowB.Add(User, "4.1.1", T0.AddSeconds(1), window));
        Assert.Equal(3, windowA.Add(User, "4.1.1", T0.AddMinutes(2), window)); // another bucket, same window

        var totals = new List<int>();
        for (var i = 0; i < Races; i++)
        {
            var (a, b) = Race(() => windowA.Add(User, "4.1.1", T0.AddMinutes(3), window), () => windowB.Add(User, "4.1.1", T0.AddMinutes(3), window));
            totals.Add(a);
            totals.Add(b);
        }
        // Every increment counted once, whichever instance made it: the totals are 4 .. 3 + 2 * Races, each once.
        Assert.Equal(Enumerable.Range(4, 2 * Races), totals.Order());
        windowB.Reset(User, "4.1.1");
        Assert.Equal(1, windowA.Add(User, "4.1.1", T0.AddMinutes(3), window));
    }

    [StoreFact]
    public void A_pre_command_issued_by_A_is_completed_through_B_once()
    {
        for (ulong c = 1; c <= Races; c++)
        {
            _a.PreCommands.Record(new IssuedPreCommand(User, Device, c, "7.1", [0xDF, 0x09, (byte)c], T0.AddHours(24)));
            var found = _b.PreCommands.Find(Device, c, T0)!;
            Assert.Equal((User, "7.1"), (found.User, found.Srv));
            // Two CV5s for it, one at each instance: one takes it.
            var (byA, byB) = Race(() => _a.PreCommands.Remove(Device, c), () => _b.PreCommands.Remove(Device, c));
            Assert.True(byA ^ byB, $"pre-command {c}: A {byA}, B {byB}");
            Assert.Null(_a.PreCommands.Find(Device, c, T0));
            Assert.Null(_b.PreCommands.Find(Device, c, T0));
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        _backend.Dispose();
    }
}
