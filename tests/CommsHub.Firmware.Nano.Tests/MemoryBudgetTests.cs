using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Han.Ncp.Ash;
using CommsHub.Firmware.Core.Han.Ncp.Ezsp;
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

    [Fact]
    public void The_receive_path_pools_and_the_sum_match_the_table()
    {
        var han = new HanBridgeOptions();
        int inbox = HubApp.DownInboxCapacity * han.MaxFrameLength;
        Assert.Equal(8_192, inbox);
        Assert.Equal(han.MaxFrameLength, new WanLinkOptions().MaxDownFrameLength);
        int mailboxes = han.MaxMailboxes * han.MailboxMaxBytes;
        Assert.Equal(16_384, mailboxes);
        Assert.Equal(32, han.MaxOutstanding);

        int ezspQueue = EzspSession.QueueCapacity * EzspSession.MaxFrameLength;
        Assert.Equal(1_024, ezspQueue);
        int ashSlots = AshConnection.SlotCount * AshFrame.MaxDataLength;
        Assert.Equal(2_048, ashSlots);
        // ASH reader body (control + 128 + CRC + 8 slack), received frame, encoded frame (+ Cancel), EZSP frame,
        // NcpHanNetwork parameters and ZCL, UART read.
        int ncpBuffers = (1 + AshFrame.MaxDataLength + 2 + 8) + AshFrame.MaxDataLength + (AshFrameWriter.MaxEncodedLength + 1)
            + EzspSession.MaxFrameLength + 2 * EzspSession.MaxFrameLength + HanRadio.ReadChunk;
        Assert.Equal(1_171, ncpBuffers);

        var outbox = Outbox.Mount(new RamBlockStore(NanoFlash.SectorSize, NanoFlash.OutboxSectors, 1), 0, NanoFlash.OutboxSectors, NanoFlash.OutboxCapacity);
        int tx = TunnelFrame.Measure(TunnelCommand.Put, han.MaxFrameLength) + TunnelFrame.Measure(TunnelCommand.GetResponse, han.MaxFrameLength);
        // DeviceLogCodec.MaxLength(16), persisted + scratch (the codec is internal to Core: its formula, as the table gives it)
        int deviceLog = 2 * (18 + new DeviceLogOptions().Capacity * (15 + 3 * 16) + DeviceLogOptions.HistoricCapacity * (8 + 16));
        Assert.Equal(2 * 1_386, deviceLog);
        int counters = (1 + 8 + 16 * 16) + 2 * 16 * 8;
        int flashScratch = 6 * NorFileBlockStore.ChunkSize;
        int rings = 128 + 2 * 32;
        int sum = outbox.MaxFrameLength + inbox + tx + mailboxes + deviceLog + counters + flashScratch + rings + ezspQueue + ashSlots + ncpBuffers;
        Assert.Equal(41_991, sum);
    }
}
