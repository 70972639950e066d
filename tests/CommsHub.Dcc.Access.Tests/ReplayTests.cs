using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Duis;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>Replay protection on the persisted counters, on each backend.</summary>
public abstract class ReplayTests<TBackend> : StoreTestBase<TBackend> where TBackend : IStoreBackend, new()
{
    private const ulong User = 0x90B3D51F30010000, Other = 0x90B3D51F30020000;

    private static RequestId Id(ulong user, ulong counter) => new(user, 0x00DB1234567890A0, counter);

    [StoreFact]
    public void Replayed_and_older_counters_are_refused_and_counters_are_per_user()
    {
        var guard = new ReplayGuard(Store.Counters);
        guard.Check(Id(User, 1000));
        guard.Check(Id(User, 1001));
        var replay = Assert.Throws<DuisRejectedException>(() => guard.Check(Id(User, 1001)));
        Assert.Equal(DuisRejectReason.Replay, replay.Reason);
        Assert.Contains("(1001)", replay.Message); // the last accepted, read back from the store
        Assert.Throws<DuisRejectedException>(() => guard.Check(Id(User, 999)));
        guard.Check(Id(Other, 5));
    }

    [StoreFact]
    public void Counters_survive_reopening_the_store()
    {
        new ReplayGuard(Store.Counters).Check(Id(User, 1_700_000_000_123));
        var guard = new ReplayGuard(Reopen().Counters);
        Assert.Throws<DuisRejectedException>(() => guard.Check(Id(User, 1_700_000_000_123)));
        guard.Check(Id(User, 1_700_000_000_124));
        Assert.Throws<DuisRejectedException>(() => new ReplayGuard(Reopen().Counters).Check(Id(User, 1_700_000_000_124)));
    }

    [StoreFact]
    public void Full_64_bit_range_compares_as_unsigned()
    {
        var counters = Store.Counters;
        Assert.True(counters.TryAdvance(User, 0, out _));
        Assert.True(counters.TryAdvance(User, (ulong)long.MaxValue, out _));
        Assert.True(counters.TryAdvance(User, (ulong)long.MaxValue + 1, out _)); // above 2^63: still "greater"
        Assert.False(counters.TryAdvance(User, (ulong)long.MaxValue, out ulong? previous));
        Assert.Equal((ulong)long.MaxValue + 1, previous);
        Assert.True(counters.TryAdvance(User, ulong.MaxValue, out _));
        Assert.False(counters.TryAdvance(User, ulong.MaxValue, out _));
    }

    [StoreFact]
    public void Concurrent_copies_of_a_request_pass_once()
    {
        // 8 threads each try the counters 1..200 for the same user; every counter must be accepted at most once,
        // and never after a larger one (the conditional UPDATE is the only arbiter).
        var counters = Store.Counters;
        var accepted = new System.Collections.Concurrent.ConcurrentBag<ulong>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            for (ulong c = 1; c <= 200; c++)
            {
                if (counters.TryAdvance(User, c, out _)) accepted.Add(c);
            }
        });
        Assert.Equal(accepted.Count, accepted.Distinct().Count());
        Assert.Contains(200UL, accepted);
        Assert.False(counters.TryAdvance(User, 200, out _));
    }
}

public sealed class SqliteReplayTests : ReplayTests<SqliteBackend>;

public sealed class PostgresReplayTests : ReplayTests<PostgresBackend>, IPostgresSuite;
