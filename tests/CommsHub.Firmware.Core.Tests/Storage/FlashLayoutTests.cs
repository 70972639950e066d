using CommsHub.Firmware.Core.Storage;
using Xunit;

namespace CommsHub.Firmware.Core.Tests.Storage;

/// <summary>The layout carves one flash into the hub's partitions: contiguous, disjoint, in a fixed order.</summary>
public class FlashLayoutTests
{
    [Fact]
    public void Default_layout_is_contiguous_disjoint_and_in_order()
    {
        var flash = new RamBlockStore(4096, 32, 1);
        var l = FlashLayout.Carve(flash, null);
        var expected = new[] { ("device log", 2), ("originator counters", 2), ("trust anchors", 2), ("event log", 2), ("security log", 2), ("outbox", 8) };
        Assert.Equal(expected.Length, l.Count);
        int next = 0;
        for (int i = 0; i < l.Count; i++)
        {
            var p = l.Get(i);
            Assert.Equal(expected[i], (p.Name, p.SectorCount));
            Assert.Equal(next, p.FirstSector);
            Assert.Same(flash, p.Parent);
            next += p.SectorCount;
        }
        Assert.Equal(18, l.EndSector);
        Assert.Equal(new[] { l.DeviceLog, l.Counters, l.TrustAnchors, l.EventLog, l.SecurityLog, l.Outbox }, Enumerable.Range(0, 6).Select(l.Get));
    }

    [Fact]
    public void Sizes_and_start_come_from_the_options()
    {
        var o = new FlashLayoutOptions { FirstSector = 3, DeviceLogSectors = 4, CounterSectors = 2, TrustAnchorSectors = 3, EventLogSectors = 5, SecurityLogSectors = 6, OutboxSectors = 7 };
        var l = FlashLayout.Carve(new RamBlockStore(512, 30, 1), o);
        Assert.Equal(27, o.TotalSectors);
        Assert.Equal(3, l.DeviceLog.FirstSector);
        Assert.Equal(4, l.DeviceLog.SectorCount);
        Assert.Equal(7, l.Counters.FirstSector);
        Assert.Equal(9, l.TrustAnchors.FirstSector);
        Assert.Equal(12, l.EventLog.FirstSector);
        Assert.Equal(17, l.SecurityLog.FirstSector);
        Assert.Equal(23, l.Outbox.FirstSector);
        Assert.Equal(30, l.EndSector);
    }

    [Fact]
    public void A_layout_larger_than_the_flash_is_refused() =>
        Assert.Throws<ArgumentException>(() => FlashLayout.Carve(new RamBlockStore(4096, 17, 1), null));

    [Fact]
    public void A_part_with_one_sector_is_refused() =>
        Assert.Throws<ArgumentException>(() => FlashLayout.Carve(new RamBlockStore(4096, 32, 1), new FlashLayoutOptions { SecurityLogSectors = 1 }));

    [Fact]
    public void A_negative_start_is_refused() =>
        Assert.Throws<ArgumentException>(() => FlashLayout.Carve(new RamBlockStore(4096, 32, 1), new FlashLayoutOptions { FirstSector = -1 }));
}
