using CommsHub.Firmware.Core.Storage;
using Xunit;

namespace CommsHub.Firmware.Core.Tests.Storage;

public class RamBlockStoreTests
{
    [Fact]
    public void New_flash_is_erased()
    {
        var s = new RamBlockStore(256, 2, 1);
        Assert.All(s.Flash, b => Assert.Equal(0xFF, b));
        Assert.Equal(256, s.SectorSize);
        Assert.Equal(2, s.SectorCount);
    }

    [Fact]
    public void Program_clears_bits_only_and_counts_wear()
    {
        var s = new RamBlockStore(256, 2, 1);
        s.Program(10, new byte[] { 0xF0, 0x0F }, 0, 2);
        s.Program(10, new byte[] { 0x30 }, 0, 1); // 0xF0 -> 0x30 only clears bits
        var r = new byte[2];
        s.Read(10, r, 0, 2);
        Assert.Equal(new byte[] { 0x30, 0x0F }, r);
        Assert.Equal(2, s.ProgramCount);
        Assert.Equal(3, s.BytesProgrammed);
    }

    [Fact]
    public void Programming_a_one_over_a_zero_fails_typed_and_changes_nothing()
    {
        var s = new RamBlockStore(256, 2, 1);
        s.Program(0, new byte[] { 0x00 }, 0, 1);
        var e = Assert.Throws<BlockStoreException>(() => s.Program(0, new byte[] { 0xFF, 0x00 }, 0, 2));
        Assert.Equal(BlockStoreError.NotErased, e.Error);
        Assert.Equal(0xFF, s.Flash[1]);
    }

    [Fact]
    public void Erase_restores_ff_and_counts_per_sector()
    {
        var s = new RamBlockStore(256, 3, 1);
        s.Program(256, new byte[] { 1, 2, 3 }, 0, 3);
        s.Erase(1);
        s.Erase(1);
        Assert.Equal(0xFF, s.Flash[256]);
        Assert.Equal(2, s.GetEraseCount(1));
        Assert.Equal(0, s.GetEraseCount(0));
        Assert.Equal(2, s.TotalErases);
    }

    [Fact]
    public void Out_of_range_calls_fail_typed()
    {
        var s = new RamBlockStore(256, 2, 1);
        Assert.Equal(BlockStoreError.OutOfRange, Assert.Throws<BlockStoreException>(() => s.Read(500, new byte[20], 0, 20)).Error);
        Assert.Equal(BlockStoreError.OutOfRange, Assert.Throws<BlockStoreException>(() => s.Program(-1, new byte[1], 0, 1)).Error);
        Assert.Equal(BlockStoreError.OutOfRange, Assert.Throws<BlockStoreException>(() => s.Erase(2)).Error);
    }

    [Fact]
    public void Cut_while_programming_writes_a_prefix_tears_one_byte_then_everything_fails_until_restart()
    {
        var s = new RamBlockStore(256, 2, 7);
        var data = new byte[] { 0x00, 0x00, 0x00, 0x00, 0x00 };
        s.CutPowerAfterBytes(2);
        Assert.Throws<PowerLossException>(() => s.Program(0, data, 0, 5));
        Assert.Equal(0x00, s.Flash[0]);
        Assert.Equal(0x00, s.Flash[1]);
        Assert.Equal(0xFF, s.Flash[3]);
        Assert.Equal(0xFF, s.Flash[4]);
        Assert.True(s.PowerLost);
        Assert.Throws<PowerLossException>(() => s.Read(0, new byte[1], 0, 1));
        Assert.Throws<PowerLossException>(() => s.Erase(0));
        s.Restart();
        s.Read(0, new byte[1], 0, 1);
    }

    [Fact]
    public void Cut_spans_program_calls()
    {
        var s = new RamBlockStore(256, 2, 7);
        s.CutPowerAfterBytes(3);
        s.Program(0, new byte[2], 0, 2);
        s.Program(2, new byte[1], 0, 1);
        Assert.Throws<PowerLossException>(() => s.Program(3, new byte[2], 0, 2));
        Assert.Equal(0xFF, s.Flash[4]);
    }

    [Fact]
    public void Torn_bytes_are_half_programmed_deterministically_from_the_seed()
    {
        var seen = new HashSet<byte>();
        for (uint seed = 1; seed < 3000; seed++)
        {
            byte a = Torn(seed), b = Torn(seed);
            Assert.Equal(a, b);
            seen.Add(a);
        }
        // Some torn bytes keep all bits, some lose all, most are in between.
        Assert.Contains((byte)0xFF, seen);
        Assert.Contains((byte)0x00, seen);
        Assert.True(seen.Count > 200);

        static byte Torn(uint seed)
        {
            var s = new RamBlockStore(64, 2, seed);
            s.CutPowerAfterBytes(0);
            Assert.Throws<PowerLossException>(() => s.Program(0, new byte[] { 0x00 }, 0, 1));
            return s.Flash[0];
        }
    }

    [Fact]
    public void Torn_byte_never_sets_bits_or_clears_bits_the_data_keeps()
    {
        for (uint seed = 1; seed < 300; seed++)
        {
            var s = new RamBlockStore(64, 2, seed);
            s.Program(0, new byte[] { 0xF5 }, 0, 1);
            s.CutPowerAfterBytes(0);
            Assert.Throws<PowerLossException>(() => s.Program(0, new byte[] { 0x35 }, 0, 1));
            byte v = s.Flash[0];
            Assert.Equal(0x35, v & 0x35);  // bits the data keeps at 1 stay 1
            Assert.Equal(v, (byte)(v & 0xF5)); // nothing goes 0 -> 1
        }
    }

    [Fact]
    public void Cut_during_erase_leaves_a_partly_erased_sector()
    {
        var s = new RamBlockStore(64, 2, 3);
        s.Program(0, new byte[64], 0, 64);
        s.CutPowerDuringErase(0, 10);
        Assert.Throws<PowerLossException>(() => s.Erase(0));
        for (int i = 0; i < 10; i++) Assert.Equal(0xFF, s.Flash[i]);
        for (int i = 11; i < 64; i++) Assert.Equal(0x00, s.Flash[i]);
        Assert.Throws<PowerLossException>(() => s.Erase(0));
    }

    [Fact]
    public void Erase_cut_can_skip_earlier_erases()
    {
        var s = new RamBlockStore(64, 3, 3);
        s.Program(0, new byte[192], 0, 192);
        s.CutPowerDuringErase(1, 0);
        s.Erase(0);
        Assert.Throws<PowerLossException>(() => s.Erase(1));
        Assert.Equal(0xFF, s.Flash[0]);
        Assert.Equal(0x00, s.Flash[70]);
    }

    [Fact]
    public void A_new_instance_over_the_same_array_is_a_reboot()
    {
        var s = new RamBlockStore(64, 2, 3);
        s.Program(5, new byte[] { 0x12 }, 0, 1);
        s.CutPowerAfterBytes(0);
        Assert.Throws<PowerLossException>(() => s.Program(6, new byte[] { 0 }, 0, 1));
        var rebooted = new RamBlockStore(s.Flash, 64, 9);
        var r = new byte[1];
        rebooted.Read(5, r, 0, 1);
        Assert.Equal(0x12, r[0]);
    }

    [Fact]
    public void A_worn_out_store_refuses_programs_and_erases_typed_changes_nothing_and_still_reads()
    {
        var s = new RamBlockStore(64, 2, 3);
        s.Program(5, new byte[] { 0x12 }, 0, 1);
        s.WornOut = true;
        var e = Assert.Throws<BlockStoreException>(() => s.Program(6, new byte[] { 0 }, 0, 1));
        Assert.Equal(BlockStoreError.NotErased, e.Error);
        Assert.IsNotType<PowerLossException>(e);
        Assert.Equal(BlockStoreError.NotErased, Assert.Throws<BlockStoreException>(() => s.Erase(0)).Error);
        var r = new byte[2];
        s.Read(5, r, 0, 2);
        Assert.Equal(new byte[] { 0x12, 0xFF }, r);
        Assert.Equal(0, s.GetEraseCount(0));
    }
}
