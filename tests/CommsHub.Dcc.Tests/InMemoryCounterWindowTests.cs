using CommsHub.Dcc.Duis;
using Xunit;

namespace CommsHub.Dcc.Tests;

/// <summary>The in-memory <see cref="ICounterStore.TryAcceptInWindow"/> keeps the same window as the SQL stores (StoreContractTests).</summary>
public class InMemoryCounterWindowTests
{
    private const ulong Device = 0x00DB1234567890A0;

    [Fact]
    public void Out_of_order_counters_in_the_window_pass_once_and_older_ones_never()
    {
        var c = new InMemoryCounterStore();
        Assert.True(c.TryAcceptInWindow(Device, 101));
        Assert.True(c.TryAcceptInWindow(Device, 100));
        Assert.False(c.TryAcceptInWindow(Device, 100));
        Assert.False(c.TryAcceptInWindow(Device, 101));
        Assert.True(c.TryAcceptInWindow(Device, 37));
        Assert.False(c.TryAcceptInWindow(Device, 36));
        Assert.True(c.TryAcceptInWindow(Device, 165)); // the old highest, 101, is now the oldest bit
        Assert.False(c.TryAcceptInWindow(Device, 101));
        Assert.True(c.TryAcceptInWindow(Device, 102));
        Assert.True(c.TryAcceptInWindow(Device, 1000)); // a jump past the window forgets it
        Assert.True(c.TryAcceptInWindow(Device, 936));
        Assert.False(c.TryAcceptInWindow(Device, 935));
        Assert.True(c.TryAcceptInWindow(Device, ulong.MaxValue));
        Assert.True(c.TryAcceptInWindow(Device, ulong.MaxValue - 64));
        Assert.False(c.TryAcceptInWindow(Device, ulong.MaxValue - 65));
    }

    [Fact]
    public void A_party_advanced_by_TryAdvance_has_everything_below_its_highest_seen()
    {
        var c = new InMemoryCounterStore();
        Assert.True(c.TryAdvance(Device, 100, out _));
        Assert.False(c.TryAcceptInWindow(Device, 99));
        Assert.True(c.TryAcceptInWindow(Device, 101));
    }
}
