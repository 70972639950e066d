using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Storage;
using Xunit;

namespace CommsHub.Firmware.Core.Tests.Security;

/// <summary>
/// The anti-replay counters under power cuts: for every write of a run of accepted counters and own-counter
/// reservations, power is cut at every byte and during its erase; after the remount every party's last accepted
/// counter is the one before or after the interrupted write (never an older one: that would make a replay fresh), and
/// the own counter resumes above every value handed out before the cut.
/// </summary>
public class CounterStorePowerCutTests
{
    private const int SectorSize = 256;

    [Fact]
    public void Cut_at_every_byte_and_erase_keeps_every_counter_before_or_after_and_the_own_counter_rising()
    {
        var store = new RamBlockStore(SectorSize, 2, 1);
        var counters = OriginatorCounterStore.Open(store, 100, 4);
        var rng = new Random(5);
        var last = new Dictionary<ulong, ulong>();
        ulong ownIssued = 0;
        int cuts = 0;
        for (int op = 0; op < 400; op++)
        {
            bool own = rng.Next(3) == 0;
            ulong party = (ulong)rng.Next(1, 5);
            ulong counter = (last.TryGetValue(party, out var c) ? c : 0) + (ulong)rng.Next(1, 1000);
            var checkpoint = (byte[])store.Flash.Clone();
            long bytesBefore = store.BytesProgrammed, erasesBefore = store.TotalErases;
            ulong issuedBefore = ownIssued;
            if (own) ownIssued = counters.NextOwnCounter();
            else Assert.True(counters.Accept(party, counter));
            int bytes = (int)(store.BytesProgrammed - bytesBefore);
            int erases = (int)(store.TotalErases - erasesBefore);

            for (int k = 0; k < bytes + 3 * erases; k++)
            {
                var flash = (byte[])checkpoint.Clone();
                var s = new RamBlockStore(flash, SectorSize, (uint)(op * 1000 + k + 1));
                var cut = OriginatorCounterStore.Open(s, 100, 4);
                if (k < bytes) s.CutPowerAfterBytes(k);
                else s.CutPowerDuringErase((k - bytes) / 3, new[] { 0, -1, SectorSize }[(k - bytes) % 3]);
                Assert.Throws<PowerLossException>(() =>
                {
                    if (own) cut.NextOwnCounter();
                    else cut.Accept(party, counter);
                });

                var back = OriginatorCounterStore.Open(new RamBlockStore(flash, SectorSize, 1), 100, 4);
                foreach (var (p, v) in last)
                {
                    ulong got = back.LastAccepted(p);
                    bool ok = got == v || (!own && p == party && got == counter);
                    Assert.True(ok, $"op {op} cut {k}: party {p} reads {got}, expected {v}");
                }
                if (!own && !last.ContainsKey(party))
                    Assert.True(back.LastAccepted(party) is 0 || back.LastAccepted(party) == counter, $"op {op} cut {k}: new party");
                Assert.True(back.NextOwnCounter() > issuedBefore, $"op {op} cut {k}: own counter went back");
                cuts++;
            }
            if (!own) last[party] = counter;
        }
        Assert.True(cuts > 1000, cuts.ToString());
    }
}
