using CommsHub.Firmware.Nano.App;

namespace CommsHub.Firmware.Nano.Tests;

public sealed class DownQueueTests
{
    [Fact]
    public void Frames_come_out_in_order_and_overflow_is_counted_not_blocking()
    {
        var q = new DownQueue(2, 8);
        Assert.True(q.Offer([9, 1, 2], 1, 2));
        Assert.True(q.Offer([3], 0, 1));
        Assert.False(q.Offer([4], 0, 1));          // full
        Assert.False(q.Offer(new byte[9], 0, 9));  // longer than a slot
        Assert.Equal(2, q.Dropped);
        var into = new byte[8];
        Assert.Equal(2, q.Take(into));
        Assert.Equal(new byte[] { 1, 2 }, into[..2]);
        Assert.True(q.Offer([5, 6], 0, 2));        // slot reused, wraps
        Assert.Equal(1, q.Take(into));
        Assert.Equal(3, into[0]);
        Assert.Equal(2, q.Take(into));
        Assert.Equal(new byte[] { 5, 6 }, into[..2]);
        Assert.Equal(-1, q.Take(into));
    }
}
