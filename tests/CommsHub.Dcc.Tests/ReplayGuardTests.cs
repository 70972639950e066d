using CommsHub.Dcc.Duis;
using Xunit;

namespace CommsHub.Dcc.Tests;

public class ReplayGuardTests
{
    private static RequestId Id(ulong user, ulong counter) => new(user, 0x00DB1234567890A0, counter);

    [Fact]
    public void Increasing_counters_pass_and_replays_fail()
    {
        var guard = new ReplayGuard(new InMemoryCounterStore());
        guard.Check(Id(1, 1000));
        guard.Check(Id(1, 1001));
        var replay = Assert.Throws<DuisRejectedException>(() => guard.Check(Id(1, 1001)));
        Assert.Equal(DuisRejectReason.Replay, replay.Reason);
        Assert.Contains("1001", replay.Message);
        var older = Assert.Throws<DuisRejectedException>(() => guard.Check(Id(1, 999)));
        Assert.Equal(DuisRejectReason.Replay, older.Reason);
        guard.Check(Id(1, ulong.MaxValue));
        Assert.Throws<DuisRejectedException>(() => guard.Check(Id(1, ulong.MaxValue)));
    }

    [Fact]
    public void Counters_are_per_user()
    {
        var guard = new ReplayGuard(new InMemoryCounterStore());
        guard.Check(Id(1, 5000));
        guard.Check(Id(2, 10)); // another user's counter is independent
        Assert.Throws<DuisRejectedException>(() => guard.Check(Id(1, 10)));
    }

    [Fact]
    public void Counter_zero_is_accepted_first()
    {
        var guard = new ReplayGuard(new InMemoryCounterStore());
        guard.Check(Id(7, 0));
        Assert.Throws<DuisRejectedException>(() => guard.Check(Id(7, 0)));
    }

    [Fact]
    public void Concurrent_copies_of_one_request_pass_once()
    {
        var guard = new ReplayGuard(new InMemoryCounterStore());
        var passed = 0;
        Parallel.For(0, 64, _ =>
        {
            try { guard.Check(Id(3, 42)); Interlocked.Increment(ref passed); }
            catch (DuisRejectedException) { }
        });
        Assert.Equal(1, passed);
    }
}
