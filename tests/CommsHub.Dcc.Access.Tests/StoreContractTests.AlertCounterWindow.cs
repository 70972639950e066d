using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Storage.Sql;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>
/// Storage contract, part: the per-originator window of alert counters (schema 12). A counter above the highest, or one of
/// the 64 below it not seen yet, passes once; a seen one or one below the window never; concurrent takes lose no bit; a
/// database at schema 11 keeps its counters and refuses what it refused before.
/// </summary>
public abstract partial class StoreContractTests<TBackend>
{
    private const int LatestSchema = 14;

    [StoreFact]
    public void Alert_counters_handled_out_of_order_pass_once_each_and_older_than_the_window_never()
    {
        var c = Store.Counters;
        Assert.True(c.TryAcceptInWindow(DeviceEui, 101));
        Assert.True(c.TryAcceptInWindow(DeviceEui, 100)); // N after N+1
        Assert.False(c.TryAcceptInWindow(DeviceEui, 100)); // its replay
        Assert.False(c.TryAcceptInWindow(DeviceEui, 101));
        Assert.True(c.TryAcceptInWindow(DeviceEui, 37)); // 64 below the highest: the oldest in the window
        Assert.False(c.TryAcceptInWindow(DeviceEui, 37));
        Assert.False(c.TryAcceptInWindow(DeviceEui, 36)); // below the window
        Assert.True(c.TryAcceptInWindow(DeviceEui, 99));
        Assert.True(c.TryAcceptInWindow(DeviceEui, 102));
        Assert.False(c.TryAcceptInWindow(DeviceEui, 37)); // slid out of the window
        Assert.False(c.TryAcceptInWindow(DeviceEui, 100)); // the bits moved with the highest
        Assert.True(c.TryAcceptInWindow(DeviceEui, 98));
        // Each originator has its own window.
        Assert.True(c.TryAcceptInWindow(HubEui, 100));
    }

    [StoreFact]
    public void Alert_counter_window_slides_by_64_and_beyond()
    {
        var c = Store.Counters;
        Assert.True(c.TryAcceptInWindow(DeviceEui, 1000));
        Assert.True(c.TryAcceptInWindow(DeviceEui, 1064)); // the old highest is now the window's oldest bit
        Assert.False(c.TryAcceptInWindow(DeviceEui, 1000));
        Assert.True(c.TryAcceptInWindow(DeviceEui, 1001));
        Assert.False(c.TryAcceptInWindow(DeviceEui, 999));
        Assert.True(c.TryAcceptInWindow(DeviceEui, 3000)); // a jump past the window forgets it
        Assert.True(c.TryAcceptInWindow(DeviceEui, 2999));
        Assert.True(c.TryAcceptInWindow(DeviceEui, 2936));
        Assert.False(c.TryAcceptInWindow(DeviceEui, 2935));
        Assert.False(c.TryAcceptInWindow(DeviceEui, 1064));
    }

    [StoreFact]
    public void Alert_counter_window_holds_at_the_ends_of_the_counter_range_and_across_reopening()
    {
        var c = Store.Counters;
        const ulong Mid = long.MaxValue; // the stored form changes sign between Mid and Mid + 1
        Assert.True(c.TryAcceptInWindow(DeviceEui, Mid + 1));
        Assert.True(c.TryAcceptInWindow(DeviceEui, Mid));
        Assert.True(c.TryAcceptInWindow(DeviceEui, Mid - 63));
        Assert.False(c.TryAcceptInWindow(DeviceEui, Mid - 64));
        Assert.True(c.TryAcceptInWindow(DeviceEui, ulong.MaxValue - 1));
        Assert.True(c.TryAcceptInWindow(DeviceEui, ulong.MaxValue));
        Assert.True(c.TryAcceptInWindow(DeviceEui, ulong.MaxValue - 64));
        Assert.False(c.TryAcceptInWindow(DeviceEui, ulong.MaxValue - 65));
        Assert.False(c.TryAcceptInWindow(DeviceEui, 0));
        Assert.True(c.TryAcceptInWindow(HubEui, 5));
        Assert.True(c.TryAcceptInWindow(HubEui, 0));

        var again = Reopen().Counters;
        Assert.False(again.TryAcceptInWindow(HubEui, 0));
        Assert.False(again.TryAcceptInWindow(HubEui, 5));
        Assert.True(again.TryAcceptInWindow(HubEui, 4));
        Assert.False(again.TryAcceptInWindow(DeviceEui, ulong.MaxValue - 1));
        Assert.True(again.TryAcceptInWindow(DeviceEui, ulong.MaxValue - 2));
    }

    [StoreFact]
    public void Concurrent_takes_of_alert_counters_in_the_window_lose_no_bit()
    {
        // The highest first; then 8 threads each try all 64 counters below it, each from a different starting point. A bit
        // lost to a concurrent update would let a second copy of its counter through.
        Assert.True(Store.Counters.TryAcceptInWindow(DeviceEui, 1064));
        var accepted = new System.Collections.Concurrent.ConcurrentBag<ulong>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            for (int i = 0; i < 64; i++)
            {
                var counter = 1000 + (ulong)((i + worker * 8) % 64);
                if (Store.Counters.TryAcceptInWindow(DeviceEui, counter)) accepted.Add(counter);
            }
        });
        Assert.Equal(Enumerable.Range(1000, 64).Select(i => (ulong)i), accepted.Order());
        for (ulong counter = 999; counter <= 1064; counter++) Assert.False(Store.Counters.TryAcceptInWindow(DeviceEui, counter));
    }

    [StoreFact]
    public void A_database_at_schema_11_keeps_its_counters_through_schema_12()
    {
        BuildAtSchema(11);
        Backend.ExecuteRaw($"""
            INSERT INTO request_counters (user_eui, counter) VALUES ('{SqlValues.Eui(DeviceEui)}', {SqlValues.Counter(100)});
            INSERT INTO request_counters (user_eui, counter) VALUES ('{SqlValues.Eui(UserEui)}', {SqlValues.Counter(500)});
            """);

        Assert.Equal(LatestSchema, Store.SchemaVersion);
        // What the highest counter refused before, it refuses still: every counter up to it counts as seen.
        Assert.False(Store.Counters.TryAcceptInWindow(DeviceEui, 100));
        Assert.False(Store.Counters.TryAcceptInWindow(DeviceEui, 99));
        Assert.False(Store.Counters.TryAcceptInWindow(DeviceEui, 37));
        Assert.True(Store.Counters.TryAcceptInWindow(DeviceEui, 102));
        Assert.True(Store.Counters.TryAcceptInWindow(DeviceEui, 101));
        Assert.False(Store.Counters.TryAcceptInWindow(DeviceEui, 100));
        Assert.False(Store.Counters.TryAdvance(UserEui, 500, out var previous));
        Assert.Equal(500UL, previous);
        Assert.True(Store.Counters.TryAdvance(UserEui, 501, out _));
        Assert.Equal(LatestSchema, Reopen().SchemaVersion);
        Assert.False(Store.Counters.TryAcceptInWindow(DeviceEui, 101));
    }
}
