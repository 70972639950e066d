using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Firmware.Nano.App;

namespace CommsHub.Firmware.Nano.Tests;

public sealed class NorFileBlockStoreTests
{
    [Fact]
    public void A_new_file_is_formatted_erased()
    {
        var file = new MemoryFile();
        var store = new NorFileBlockStore(file, 256, 3);
        Assert.Equal(768, file.Data.Length);
        Assert.All(file.Data, b => Assert.Equal(0xFF, b));
        Assert.Equal(3, store.SectorCount);
    }

    [Fact]
    public void Program_clears_bits_only_and_a_refused_call_writes_nothing()
    {
        var file = new MemoryFile();
        var store = new NorFileBlockStore(file, 256, 2);
        store.Program(10, [0x0F, 0xF0], 0, 2);
        var before = (byte[])file.Data.Clone();
        // the second byte would need 0 -> 1 in its low nibble: the whole call is refused, the first byte untouched
        var e = Assert.Throws<BlockStoreException>(() => store.Program(9, [0x00, 0x00, 0xFF], 0, 3));
        Assert.Equal(BlockStoreError.NotErased, e.Error);
        Assert.Equal(before, file.Data);
        store.Program(10, [0x03, 0x30], 0, 2); // AND of old and new is allowed
        var read = new byte[2];
        store.Read(10, read, 0, 2);
        Assert.Equal(new byte[] { 0x03, 0x30 }, read);
        Assert.Equal(2, store.ProgramCount);
    }

    [Fact]
    public void Program_larger_than_a_sector_spans_sectors()
    {
        var file = new MemoryFile();
        var store = new NorFileBlockStore(file, 256, 4);
        var data = new byte[600];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)i;
        store.Program(100, data, 0, data.Length);
        var read = new byte[600];
        store.Read(100, read, 0, 600);
        Assert.Equal(data, read);
    }

    [Fact]
    public void Erase_resets_one_sector_and_counts()
    {
        var file = new MemoryFile();
        var store = new NorFileBlockStore(file, 256, 2);
        store.Program(0, new byte[512], 0, 512);
        store.Erase(1);
        Assert.All(file.Data[256..], b => Assert.Equal(0xFF, b));
        Assert.All(file.Data[..256], b => Assert.Equal(0x00, b));
        Assert.Equal(1, store.GetEraseCount(1));
        Assert.Equal(0, store.GetEraseCount(0));
        Assert.Equal(1, store.TotalErases);
    }

    [Fact]
    public void A_file_of_another_geometry_is_refused_and_ranges_are_checked()
    {
        var file = new MemoryFile { Data = new byte[100] };
        Assert.Throws<ArgumentException>(() => new NorFileBlockStore(file, 256, 2));
        var store = new NorFileBlockStore(new MemoryFile(), 256, 2);
        var e = Assert.Throws<BlockStoreException>(() => store.Read(500, new byte[20], 0, 20));
        Assert.Equal(BlockStoreError.OutOfRange, e.Error);
        Assert.Throws<BlockStoreException>(() => store.Erase(2));
    }

    [Fact]
    public void The_outbox_survives_a_reboot_on_the_same_files()
    {
        var files = new MemoryFiles();
        var flash = NanoFlash.Open(files);
        var outbox = Outbox.Mount(flash.Outbox, 0, NanoFlash.OutboxSectors, NanoFlash.OutboxCapacity);
        Assert.True(outbox.Send([1, 2, 3], 0, 3));
        var again = NanoFlash.Open(files); // "reboot": same files, new objects
        var recovered = Outbox.Mount(again.Outbox, 0, NanoFlash.OutboxSectors, NanoFlash.OutboxCapacity);
        Assert.Equal(1, recovered.Count);
        Assert.Equal(NanoFlash.TotalBytes, files.Files.Values.Sum(f => f.Data.Length));
    }
}
