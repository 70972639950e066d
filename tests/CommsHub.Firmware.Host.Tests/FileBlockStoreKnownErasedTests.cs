using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Host.Storage;
using CommsHub.Firmware.Host.Tests.Support;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// <see cref="FileBlockStore"/> skips the file read before a program that lands on bytes it knows are erased. These check
/// that the skip happens where a log writes, and that it never changes what the store does: the same operations on a
/// <see cref="RamBlockStore"/> (the NOR model) give the same results and the same contents.
/// </summary>
public class FileBlockStoreKnownErasedTests
{
    [Fact]
    public void A_record_appended_as_RecordWriter_writes_it_reads_nothing_from_the_file()
    {
        using var dir = new TempDir();
        using var store = new FileBlockStore(Path.Combine(dir.Path, "a.flash"), 256, 2);
        // Header after the commit byte, body, CRC, then the commit byte in the gap left before the header.
        store.Program(1, new byte[7], 0, 7);
        store.Program(8, new byte[30], 0, 30);
        store.Program(38, new byte[4], 0, 4);
        store.Program(0, [0x00], 0, 1);
        Assert.Equal(0, store.FileReads);
        // Over programmed bytes the rule needs the file: a 0 -> 1 change is still refused.
        var e = Assert.Throws<BlockStoreException>(() => store.Program(20, [0x01], 0, 1));
        Assert.Equal(BlockStoreError.NotErased, e.Error);
        Assert.Equal(1, store.FileReads);
    }

    [Fact]
    public void An_image_opened_again_is_read_before_each_program_until_its_sectors_are_erased()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "a.flash");
        using (var first = new FileBlockStore(path, 256, 2)) first.Program(100, [0x00], 0, 1);
        using var again = new FileBlockStore(path, 256, 2);
        var e = Assert.Throws<BlockStoreException>(() => again.Program(100, [0x01], 0, 1));
        Assert.Equal(BlockStoreError.NotErased, e.Error);
        again.Program(200, [0x00], 0, 1);
        Assert.Equal(2, again.FileReads);
        again.Erase(0);
        again.Program(100, [0x01], 0, 1);
        Assert.Equal(2, again.FileReads);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_programs_erases_and_reopenings_match_the_NOR_model(int seed)
    {
        const int sectorSize = 64, sectors = 4;
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "a.flash");
        var random = new Random(seed);
        var model = new RamBlockStore(sectorSize, sectors, 1);
        var store = new FileBlockStore(path, sectorSize, sectors);
        try
        {
            // Mostly appends near a moving point per sector (as logs write), some anywhere, some that set bits.
            var point = new int[sectors];
            for (int op = 0; op < 3000; op++)
            {
                int choice = random.Next(100);
                if (choice < 3)
                {
                    int sector = random.Next(sectors);
                    model.Erase(sector);
                    store.Erase(sector);
                    point[sector] = 0;
                }
                else if (choice < 5)
                {
                    store.Dispose();
                    store = new FileBlockStore(path, sectorSize, sectors);
                }
                else
                {
                    int sector = random.Next(sectors);
                    int address = choice < 70 ? sector * sectorSize + Math.Min(point[sector] + random.Next(3), sectorSize - 1) : random.Next(sectorSize * sectors);
                    int count = Math.Min(1 + random.Next(12), sectorSize * sectors - address);
                    var data = new byte[count];
                    random.NextBytes(data);
                    if (choice < 90)
                    {
                        // Only clears bits of what is there (usually accepted).
                        var current = new byte[count];
                        model.Read(address, current, 0, count);
                        for (int i = 0; i < count; i++) data[i] &= current[i];
                    }
                    var expected = Outcome(() => model.Program(address, data, 0, count));
                    Assert.Equal(expected, Outcome(() => store.Program(address, data, 0, count)));
                    if (expected is null && address / sectorSize == sector) point[sector] = Math.Max(point[sector], address % sectorSize + count);
                }
                if (op % 50 == 0) Assert.Equal(Contents(model), Contents(store));
            }
            Assert.Equal(Contents(model), Contents(store));
        }
        finally
        {
            store.Dispose();
        }
    }

    private static BlockStoreError? Outcome(Action program)
    {
        try
        {
            program();
            return null;
        }
        catch (BlockStoreException e)
        {
            return e.Error;
        }
    }

    private static byte[] Contents(IBlockStore store)
    {
        var all = new byte[store.SectorSize * store.SectorCount];
        store.Read(0, all, 0, all.Length);
        return all;
    }
}
