using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Host.Runtime;
using CommsHub.Firmware.Host.Storage;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Firmware.Net;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Firmware.Host.Tests;

public class FileBlockStoreTests
{
    [Fact]
    public void New_image_is_erased_and_has_the_geometry()
    {
        using var dir = new TempDir();
        using var store = new FileBlockStore(Path.Combine(dir.Path, "a.flash"), 256, 4);
        var all = new byte[1024];
        store.Read(0, all, 0, all.Length);
        Assert.All(all, b => Assert.Equal(0xFF, b));
        Assert.Equal(1024, new FileInfo(store.Path).Length);
    }

    [Fact]
    public void A_new_write_through_image_flushes_its_directory_so_the_image_itself_survives_a_power_loss()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "a.flash");
        Assert.Single(DirectoryFlushes.Observe(dir.Path, d => d, () => new FileBlockStore(path, 256, 4, writeThrough: true).Dispose()));
        // Only its creation adds a name to the directory; without write-through nothing is flushed at all.
        Assert.Empty(DirectoryFlushes.Observe(dir.Path, d => d, () => new FileBlockStore(path, 256, 4, writeThrough: true).Dispose()));
        Assert.Empty(DirectoryFlushes.Observe(dir.Path, d => d, () => new FileBlockStore(Path.Combine(dir.Path, "b.flash"), 256, 4).Dispose()));
    }

    [Fact]
    public void Program_only_clears_bits_and_erase_restores_a_sector()
    {
        using var dir = new TempDir();
        using var store = new FileBlockStore(Path.Combine(dir.Path, "a.flash"), 256, 2);
        store.Program(10, [0x0F], 0, 1);
        store.Program(10, [0x05], 0, 1); // 0F AND 05: only clears
        var e = Assert.Throws<BlockStoreException>(() => store.Program(10, [0x0F, 0x00], 0, 2));
        Assert.Equal(BlockStoreError.NotErased, e.Error);
        var b = new byte[2];
        store.Read(10, b, 0, 2);
        Assert.Equal(new byte[] { 0x05, 0xFF }, b); // the refused call wrote nothing
        store.Erase(0);
        store.Read(10, b, 0, 1);
        Assert.Equal(0xFF, b[0]);
        Assert.Equal(1, store.GetEraseCount(0));
        Assert.Throws<BlockStoreException>(() => store.Read(511, b, 0, 2));
    }

    [Fact]
    public void Contents_survive_closing_and_reopening()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "a.flash");
        using (var store = new FileBlockStore(path, 256, 2)) store.Program(300, [1, 2, 3], 0, 3);
        using (var again = new FileBlockStore(path, 256, 2))
        {
            var b = new byte[3];
            again.Read(300, b, 0, 3);
            Assert.Equal(new byte[] { 1, 2, 3 }, b);
        }
        Assert.Throws<IOException>(() => new FileBlockStore(path, 256, 4)); // another partition layout
    }

    [Fact]
    public void An_image_whose_creation_was_interrupted_opens_erased_at_its_full_size()
    {
        // A new image is written erased one sector at a time: a process killed between two of those writes leaves a
        // shorter file of nothing but 0xFF. Nothing was ever stored in it, so the next start must not refuse it as
        // "another partition layout" (that would keep the hub from ever starting again).
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "a.flash");
        var firstSector = new byte[256];
        Array.Fill(firstSector, (byte)0xFF);
        File.WriteAllBytes(path, firstSector);
        using (var store = new FileBlockStore(path, 256, 4))
        {
            var all = new byte[1024];
            store.Read(0, all, 0, all.Length);
            Assert.All(all, b => Assert.Equal(0xFF, b));
            store.Program(700, [1, 2], 0, 2);
        }
        Assert.Equal(1024, new FileInfo(path).Length);
        // A short image that holds data is still another layout, half-written or not: refused, not erased.
        File.WriteAllBytes(path, [0xFF, 0x00, 0xFF]);
        Assert.Throws<IOException>(() => new FileBlockStore(path, 256, 4));
        Assert.Equal(3, new FileInfo(path).Length);
    }

    [Fact]
    public void A_second_hub_on_the_same_data_folder_is_refused_while_the_first_runs()
    {
        // What a store knows about erased bytes assumes it is the image's only writer, and a hub's counters and outbox
        // written by two processes at once (the same --data, overlapping --eui ranges) would be corrupted for both.
        using var dir = new TempDir();
        using (var first = HubFlash.Open(dir.Path))
        {
            var e = Assert.Throws<IOException>(() => HubFlash.Open(dir.Path));
            Assert.Contains("devicelog.flash", e.Message);
            Assert.Throws<IOException>(() => new FileBlockStore(first.Outbox.Path, HubFlash.SectorSize, HubFlash.OutboxSectors));
        }
        // The refused open kept none of the images it had opened: once the first hub is gone, the folder opens again.
        using var again = HubFlash.Open(dir.Path);
        Assert.Equal(HubFlash.OutboxSectors, again.Outbox.SectorCount);
    }

    [Fact]
    public void Device_log_state_persists_across_a_process_restart()
    {
        using var dir = new TempDir();
        using var aes = new NetAes128();
        var path = Path.Combine(dir.Path, "devicelog.flash");
        using (var store = new FileBlockStore(path, HubFlash.SectorSize, 2))
        {
            var log = ChfDeviceLog.Open(store, aes, SystemClock.Instance, new DeviceLogOptions { DefaultExtendedPanId = Rtds.Chf });
            Assert.Equal(DeviceLogResult.Success, log.Register(Rtds.Esme, DeviceType.Esme, new byte[16]));
            Assert.Equal(DeviceLogResult.Success, log.Register(Rtds.Gsme, DeviceType.Gsme, new byte[16]));
            Assert.Equal(DeviceLogResult.Success, log.Unregister(Rtds.Gsme));
        }
        using (var store = new FileBlockStore(path, HubFlash.SectorSize, 2))
        {
            var log = ChfDeviceLog.Open(store, aes, SystemClock.Instance, new DeviceLogOptions());
            Assert.Equal(1, log.Count);
            Assert.NotNull(log.Find(Rtds.Esme));
            Assert.Null(log.Find(Rtds.Gsme));
            Assert.Equal(Rtds.Chf, log.ExtendedPanId);
        }
    }
}
