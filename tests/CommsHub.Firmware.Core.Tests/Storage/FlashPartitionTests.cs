using CommsHub.Firmware.Core.Storage;
using Xunit;

namespace CommsHub.Firmware.Core.Tests.Storage;

/// <summary>A partition is a bounds-checked window of its parent with its own wear figures.</summary>
public class FlashPartitionTests
{
    private const int Sector = 256;

    private static (RamBlockStore Flash, FlashPartition Part) Make(int first = 2, int count = 3)
    {
        var flash = new RamBlockStore(Sector, 8, 1);
        return (flash, new FlashPartition(flash, first, count, "test"));
    }

    [Fact]
    public void Addresses_are_translated_to_the_window()
    {
        var (flash, p) = Make();
        Assert.Equal(Sector, p.SectorSize);
        Assert.Equal(3, p.SectorCount);
        Assert.Equal(3 * Sector, p.Size);
        Assert.Equal(2 * Sector, p.ParentAddress);
        p.Program(10, [1, 2, 3], 0, 3);
        Assert.Equal(new byte[] { 1, 2, 3 }, flash.Flash.AsSpan(2 * Sector + 10, 3).ToArray());
        var back = new byte[3];
        p.Read(10, back, 0, 3);
        Assert.Equal(new byte[] { 1, 2, 3 }, back);
        p.Erase(0);
        Assert.Equal(0xFF, flash.Flash[2 * Sector + 10]);
        Assert.Equal(1, flash.GetEraseCount(2));
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(3 * Sector, 1)]
    [InlineData(3 * Sector - 2, 3)]
    [InlineData(0, -1)]
    public void Out_of_window_reads_and_programs_are_refused_and_change_nothing(int address, int count)
    {
        var (flash, p) = Make();
        var before = (byte[])flash.Flash.Clone();
        var data = new byte[Math.Max(count, 0)];
        Assert.Equal(BlockStoreError.OutOfRange, Assert.Throws<BlockStoreException>(() => p.Program(address, data, 0, count)).Error);
        Assert.Equal(BlockStoreError.OutOfRange, Assert.Throws<BlockStoreException>(() => p.Read(address, data, 0, count)).Error);
        Assert.Equal(before, flash.Flash);
        Assert.Equal(0, flash.ProgramCount);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void Out_of_window_sectors_are_refused(int sector)
    {
        var (flash, p) = Make();
        Assert.Equal(BlockStoreError.OutOfRange, Assert.Throws<BlockStoreException>(() => p.Erase(sector)).Error);
        Assert.Throws<BlockStoreException>(() => p.GetEraseCount(sector));
        Assert.Equal(0, flash.TotalErases);
    }

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(0, 0)]
    [InlineData(7, 2)]
    [InlineData(0, 9)]
    public void A_window_outside_the_parent_is_refused(int first, int count) =>
        Assert.Throws<ArgumentException>(() => new FlashPartition(new RamBlockStore(Sector, 8, 1), first, count, "x"));

    [Fact]
    public void Wear_is_counted_per_partition()
    {
        var flash = new RamBlockStore(Sector, 8, 1);
        var a = new FlashPartition(flash, 0, 2, "a");
        var b = new FlashPartition(flash, 2, 2, "b");
        a.Program(0, new byte[10], 0, 10);
        a.Erase(1);
        a.Erase(1);
        b.Program(5, new byte[4], 0, 4);
        b.Program(20, new byte[4], 0, 4);
        b.Erase(0);

        Assert.Equal((1L, 10L, 2L), (a.ProgramCount, a.BytesProgrammed, a.TotalErases));
        Assert.Equal((2L, 8L, 1L), (b.ProgramCount, b.BytesProgrammed, b.TotalErases));
        Assert.Equal(new[] { 0, 2 }, new[] { a.GetEraseCount(0), a.GetEraseCount(1) });
        Assert.Equal(2, a.MaxEraseCount);
        Assert.Equal(1, b.GetEraseCount(0));
        Assert.Equal(3L, flash.TotalErases);
    }

    [Fact]
    public void A_torn_program_counts_as_the_parent_counts_it_and_power_loss_passes_through()
    {
        var (flash, p) = Make();
        flash.CutPowerAfterBytes(5);
        Assert.Throws<PowerLossException>(() => p.Program(0, new byte[20], 0, 20));
        Assert.Equal(1, p.ProgramCount);
        Assert.Equal(6, p.BytesProgrammed);
        Assert.Throws<PowerLossException>(() => p.Read(0, new byte[1], 0, 1));
        flash.Restart();
        flash.CutPowerDuringErase(0, 3);
        Assert.Throws<PowerLossException>(() => p.Erase(1));
        Assert.Equal(1, p.TotalErases);
    }

    [Fact]
    public void Describes_itself() => Assert.Equal("test: sectors 2..4 (768 bytes)", Make().Part.ToString());
}
