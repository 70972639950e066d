using CommsHub.Firmware.Core.Logs;
using CommsHub.Firmware.Core.Storage;
using Xunit;

namespace CommsHub.Firmware.Core.Tests.Logs;

/// <summary>
/// The event and security logs' ring under power cuts: for every append of a run that wraps the ring several times,
/// power is cut at every byte it programs and during its erase (nothing, a seeded part, or all of the sector erased
/// when the cut comes), the ring is remounted and must read exactly the entries before or after the append, and keep
/// working: the next append reads back after it.
/// </summary>
public class LogRingPowerCutTests
{
    private const int SectorSize = 256; // 8 slots a sector: an erase every 8 appends
    private const int Sectors = 3;
    private const int Capacity = 16;

    [Fact]
    public void Cut_at_every_byte_and_erase_of_every_append_recovers_before_or_after_and_keeps_working()
    {
        var store = new RamBlockStore(SectorSize, Sectors, 1);
        var ring = LogRing.Open(store, Capacity);
        var written = new List<(uint Time, int Code, byte[] Detail)>();
        var rng = new Random(11);
        int cuts = 0;
        for (int op = 0; op < 70; op++)
        {
            var entry = ((uint)(1000 + op), 0x8F00 + op % 200, Detail(rng, op));
            var checkpoint = (byte[])store.Flash.Clone();
            long bytesBefore = store.BytesProgrammed, erasesBefore = store.TotalErases;
            ring.Append(entry.Item1, entry.Item2, entry.Item3, 0, entry.Item3.Length);
            int bytes = (int)(store.BytesProgrammed - bytesBefore);
            int erases = (int)(store.TotalErases - erasesBefore);
            var before = Newest(written, Capacity);
            written.Add(entry);
            var after = Newest(written, Capacity);
            Assert.True(Same(after, Entries(ring)), $"append {op} without a cut");

            for (int k = 0; k < bytes + 3 * erases; k++)
            {
                var flash = (byte[])checkpoint.Clone();
                var s = new RamBlockStore(flash, SectorSize, (uint)(op * 1000 + k + 1));
                var r = LogRing.Open(s, Capacity);
                if (k < bytes) s.CutPowerAfterBytes(k);
                else s.CutPowerDuringErase((k - bytes) / 3, new[] { 0, -1, SectorSize }[(k - bytes) % 3]);
                Assert.Throws<PowerLossException>(() => r.Append(entry.Item1, entry.Item2, entry.Item3, 0, entry.Item3.Length));

                var back = LogRing.Open(new RamBlockStore(flash, SectorSize, 1), Capacity);
                var got = Entries(back);
                bool wasBefore = Same(got, before);
                Assert.True(wasBefore || Same(got, after), $"append {op}, cut {k}: read {got.Count} entries");
                // Power back: the ring appends again and the new entry is the newest.
                var next = (5000u + (uint)k, 0x8154, new byte[] { (byte)k });
                back.Append(next.Item1, next.Item2, next.Item3, 0, 1);
                var expected = new List<(uint, int, byte[])>(wasBefore ? written.Take(written.Count - 1) : written) { next };
                Assert.True(Same(Entries(LogRing.Open(new RamBlockStore(flash, SectorSize, 1), Capacity)), Newest(expected, Capacity)),
                    $"append {op}, cut {k}: the append after the cut does not read back");
                cuts++;
            }
        }
        Assert.True(cuts > 2000, cuts.ToString());
    }

    private static byte[] Detail(Random rng, int op)
    {
        var d = new byte[rng.Next(0, LogRing.MaxDetailLength + 1)];
        rng.NextBytes(d);
        return d;
    }

    private static List<(uint, int, byte[])> Newest(List<(uint Time, int Code, byte[] Detail)> all, int n)
        => all.Skip(Math.Max(0, all.Count - n)).Select(e => (e.Time, e.Code, e.Detail)).ToList();

    private static List<(uint, int, byte[])> Entries(LogRing ring)
        => ring.Read(0, uint.MaxValue, ring.Capacity).Select(e => (e.Time, e.EventCode, e.Detail)).ToList();

    private static bool Same(List<(uint, int, byte[])> a, List<(uint, int, byte[])> b)
        => a.Count == b.Count && a.Zip(b).All(p => p.First.Item1 == p.Second.Item1 && p.First.Item2 == p.Second.Item2 &&
                                                   p.First.Item3.AsSpan().SequenceEqual(p.Second.Item3));
}
