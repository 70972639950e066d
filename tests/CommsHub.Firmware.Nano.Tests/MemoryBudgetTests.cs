using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Firmware.Nano.App;

namespace CommsHub.Firmware.Nano.Tests;

/// <summary>
/// The buffer sizes hardware/README.md's memory budget quotes, computed from the code, so the table cannot drift from
/// the constants it cites.
/// </summary>
public sealed class MemoryBudgetTests
{
    [Fact]
    public void The_figures_in_the_hardware_memory_budget_match_the_code()
    {
        Assert.Equal(73_728, NanoFlash.TotalBytes);
        var outbox = Outbox.Mount(new RamBlockStore(NanoFlash.SectorSize, NanoFlash.OutboxSectors, 1), 0, NanoFlash.OutboxSectors, NanoFlash.OutboxCapacity);
        Assert.Equal(4_052, outbox.MaxFrameLength); // WanLink's one-frame send buffer
        var han = new HanBridgeOptions();
        Assert.Equal(2_048, han.MaxFrameLength);
        Assert.Equal(4, han.MailboxCapacity);
        Assert.Equal(2_049, TunnelFrame.Measure(TunnelCommand.Put, han.MaxFrameLength));
        Assert.Equal(2_050, TunnelFrame.Measure(TunnelCommand.GetResponse, han.MaxFrameLength));
        Assert.Equal(4, HubApp.DownInboxCapacity);
        Assert.Equal(256, NorFileBlockStore.ChunkSize);
    }
}
