using CommsHub.Firmware.Core.Storage;
using Xunit;

namespace CommsHub.Firmware.Core.Tests.Storage;

public class RecordLogTests
{
    private static byte[] Body(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static byte[] Latest(RecordLog log)
    {
        var b = new byte[log.LatestLength];
        log.ReadLatest(b, 0);
        return b;
    }

    [Fact]
    public void Blank_flash_has_no_record()
    {
        var log = RecordLog.Mount(new RamBlockStore(512, 2, 1));
        Assert.False(log.HasRecord);
        Assert.Equal(0u, log.LatestSequence);
        Assert.Equal(-1, log.ActiveSector);
    }

    [Fact]
    public void Needs_two_sectors()
    {
        Assert.Throws<ArgumentException>(() => RecordLog.Mount(new RamBlockStore(512, 1, 1)));
    }

    [Fact]
    public void Latest_record_survives_a_remount_with_its_sequence_and_kind()
    {
        var store = new RamBlockStore(512, 2, 1);
        var log = RecordLog.Mount(store);
        log.Append(7, Body(30, 1), 0, 30);
        log.Append(9, Body(40, 2), 0, 40);
        var again = RecordLog.Mount(new RamBlockStore(store.Flash, 512, 2));
        Assert.Equal(2u, again.LatestSequence);
        Assert.Equal(9, again.LatestKind);
        Assert.Equal(Body(40, 2), Latest(again));
    }

    [Fact]
    public void A_record_larger_than_the_scratch_is_programmed_in_four_calls_and_reads_back()
    {
        var store = new RamBlockStore(1024, 2, 1);
        var log = RecordLog.Mount(store);
        var r = log.Append(3, Body(400, 5), 0, 400);
        Assert.Equal(420, r.BytesProgrammed);
        Assert.Equal(4, r.ProgramCalls); // header, body, CRC, commit byte
        Assert.Equal(Body(400, 5), Latest(RecordLog.Mount(new RamBlockStore(store.Flash, 1024, 2))));
    }

    [Fact]
    public void Write_report_counts_bytes_calls_and_erases()
    {
        var store = new RamBlockStore(256, 2, 1);
        var log = RecordLog.Mount(store);
        var r = log.Append(1, Body(100, 1), 0, 100);
        Assert.Equal(120, r.BytesProgrammed); // 16 header + 100 body + 4 CRC
        Assert.Equal(2, r.ProgramCalls);      // header, body and CRC in one (they fit the 256-byte scratch), then the commit byte
        Assert.Equal(0, r.Erases);            // blank sector 0 needs no erase
        Assert.True(r.Relocated);
        r = log.Append(1, Body(100, 2), 0, 100);
        Assert.False(r.Relocated);
        r = log.Append(1, Body(100, 3), 0, 100); // no room left in sector 0
        Assert.True(r.Relocated);
        Assert.Equal(0, r.Erases); // sector 1 still blank
        r = log.Append(1, Body(100, 4), 0, 100);
        r = log.Append(1, Body(100, 5), 0, 100); // back to sector 0: must erase it
        Assert.Equal(1, r.Erases);
        Assert.Equal(0, log.ActiveSector);
        Assert.Equal(Body(100, 5), Latest(RecordLog.Mount(new RamBlockStore(store.Flash, 256, 1))));
    }

    [Fact]
    public void Sectors_rotate_evenly()
    {
        var store = new RamBlockStore(256, 4, 1);
        var log = RecordLog.Mount(store);
        for (int i = 0; i < 400; i++) log.Append(1, Body(100, i), 0, 100);
        var counts = Enumerable.Range(0, 4).Select(store.GetEraseCount).ToArray();
        Assert.True(counts.Max() - counts.Min() <= 1, string.Join(",", counts));
        Assert.Equal(Body(100, 399), Latest(RecordLog.Mount(new RamBlockStore(store.Flash, 256, 1))));
    }

    [Fact]
    public void Body_too_long_for_a_sector_is_refused()
    {
        var log = RecordLog.Mount(new RamBlockStore(128, 2, 1));
        Assert.Equal(108, log.MaxBodyLength);
        Assert.Throws<ArgumentException>(() => log.Append(1, new byte[109], 0, 109));
        log.Append(1, new byte[108], 0, 108);
    }

    [Fact]
    public void Uncommitted_record_does_not_count_and_the_next_append_moves_to_a_fresh_sector()
    {
        var store = new RamBlockStore(512, 2, 1);
        var log = RecordLog.Mount(store);
        log.Append(1, Body(50, 1), 0, 50);
        // Everything but the commit byte: 16 + 50 + 4 - 1 bytes of the second record.
        store.CutPowerAfterBytes(69);
        Assert.Throws<PowerLossException>(() => log.Append(1, Body(50, 2), 0, 50));
        var again = RecordLog.Mount(new RamBlockStore(store.Flash, 512, 1));
        Assert.Equal(Body(50, 1), Latest(again));
        Assert.Equal(0, again.ActiveSector);
        var r = again.Append(1, Body(50, 3), 0, 50);
        Assert.True(r.Relocated); // never behind garbage
        Assert.Equal(1, again.ActiveSector);
        Assert.Equal(Body(50, 3), Latest(RecordLog.Mount(new RamBlockStore(store.Flash, 512, 1))));
    }

    [Fact]
    public void Corrupted_latest_body_falls_back_to_the_previous_record()
    {
        var store = new RamBlockStore(512, 2, 1);
        var log = RecordLog.Mount(store);
        log.Append(1, Body(50, 1), 0, 50);
        log.Append(1, Body(50, 2), 0, 50);
        // Second record starts at 72 (footprint of 70 rounded to 4); flip a body bit (1 -> 0 is what flash can do).
        int at = 72 + 16 + 10;
        store.Flash[at] = (byte)(store.Flash[at] == 0 ? 0x01 : store.Flash[at] & (store.Flash[at] - 1));
        var again = RecordLog.Mount(new RamBlockStore(store.Flash, 512, 1));
        Assert.Equal(Body(50, 1), Latest(again));
        Assert.Equal(1u, again.LatestSequence);
    }

    [Fact]
    public void Random_garbage_mounts_empty_and_is_overwritten_safely()
    {
        var flash = Body(1024, 42);
        var store = new RamBlockStore(flash, 512, 1);
        var log = RecordLog.Mount(store);
        Assert.False(log.HasRecord);
        var r = log.Append(1, Body(60, 1), 0, 60);
        Assert.Equal(1, r.Erases);
        Assert.Equal(Body(60, 1), Latest(RecordLog.Mount(new RamBlockStore(flash, 512, 1))));
    }

    [Fact]
    public void Unexpected_unerased_bits_in_the_free_area_relocate_the_record()
    {
        var store = new RamBlockStore(512, 2, 1);
        var log = RecordLog.Mount(store);
        log.Append(1, Body(50, 1), 0, 50);
        store.Flash[100] = 0x00; // disturbed cell after the mount saw a clean tail
        var r = log.Append(1, Body(50, 2), 0, 50);
        Assert.True(r.Relocated);
        Assert.Equal(Body(50, 2), Latest(RecordLog.Mount(new RamBlockStore(store.Flash, 512, 1))));
    }

    [Fact]
    public void Cut_at_every_byte_and_erase_of_appends_recovers_before_or_after()
    {
        // RecordLog alone, small sectors so that relocations (erase + write) happen often.
        const int sector = 192;
        var store = new RamBlockStore(sector, 2, 1);
        var log = RecordLog.Mount(store);
        var rng = new Random(3);
        int cuts = 0;
        byte[]? previous = null;
        for (int op = 0; op < 60; op++)
        {
            var body = Body(rng.Next(0, 120), op);
            var checkpoint = (byte[])store.Flash.Clone();
            long bytesBefore = store.BytesProgrammed, erasesBefore = store.TotalErases;
            log.Append(1, body, 0, body.Length);
            int bytes = (int)(store.BytesProgrammed - bytesBefore);
            int erases = (int)(store.TotalErases - erasesBefore);
            for (int k = 0; k < bytes + erases * 3; k++)
            {
                var flash = (byte[])checkpoint.Clone();
                var s = new RamBlockStore(flash, sector, (uint)(op * 1000 + k + 1));
                var l = RecordLog.Mount(s);
                if (k < bytes) s.CutPowerAfterBytes(k);
                else s.CutPowerDuringErase(0, new[] { 0, -1, sector }[(k - bytes) % 3]);
                Assert.Throws<PowerLossException>(() => l.Append(1, body, 0, body.Length));
                var got = RecordLog.Mount(new RamBlockStore(flash, sector, 1));
                byte[]? value = got.HasRecord ? Latest(got) : null;
                Assert.True(Same(value, previous) || Same(value, body), $"op {op} cut {k}");
                cuts++;
            }
            previous = body;
        }
        Assert.True(cuts > 3000);

        static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
    }
}
