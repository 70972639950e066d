using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using CommsHub.Firmware.Net;

namespace CommsHub.Firmware.Core.Tests.DeviceLog;

/// <summary>
/// Complements the exhaustive torn-write test (one cut, then recovery) with a long life of many cuts: the hub keeps
/// running on whatever each recovery produced (dirty tails, half-erased sectors, cuts during the relocation that
/// follows a cut), and every recovery must still be exactly the state before or after the interrupted operation.
/// </summary>
public class RepeatedPowerCutTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(4096, 2, 1)]
    [InlineData(2048, 3, 2)]
    [InlineData(4096, 4, 3)]
    public void A_long_life_with_frequent_power_cuts_never_corrupts_the_log(int sectorSize, int sectors, int seed)
    {
        var rng = new Random(seed);
        using var aes = new NetAes128();
        var clock = new FakeClock(LogFixture.Start);
        var options = new DeviceLogOptions();
        var store = new RamBlockStore(sectorSize, sectors, (uint)seed);
        var log = ChfDeviceLog.Open(store, aes, clock, options);
        var t = LogFixture.Start;
        int cuts = 0, recoveredAfter = 0;
        for (int i = 0; i < 3000; i++)
        {
            t = t.AddSeconds(rng.Next(0, 40));
            var op = Op.Next(rng, log, t);
            var before = log.ExportSnapshot();
            // The expected "after": the same operation on a scratch copy of the flash.
            var shadow = ChfDeviceLog.Open(new RamBlockStore((byte[])store.Flash.Clone(), sectorSize, 1), aes, clock, options);
            op.Apply(shadow, clock);
            var after = shadow.ExportSnapshot();

            if (rng.Next(3) == 0)
            {
                if (rng.Next(8) == 0) store.CutPowerDuringErase(0, -1);
                else store.CutPowerAfterBytes(rng.Next(0, 1500));
            }
            try
            {
                op.Apply(log, clock);
                store.CancelPowerCut();
            }
            catch (PowerLossException)
            {
                cuts++;
                store = new RamBlockStore(store.Flash, sectorSize, (uint)(seed * 100000 + i));
                log = ChfDeviceLog.Open(store, aes, clock, options);
                var got = log.ExportSnapshot();
                bool isBefore = got.AsSpan().SequenceEqual(before), isAfter = got.AsSpan().SequenceEqual(after);
                Assert.True(isBefore || isAfter, $"op {i} {op.Kind}: recovered state is neither before nor after");
                if (isAfter) recoveredAfter++;
                continue;
            }
            Assert.Equal(after, log.ExportSnapshot());
        }
        // And the final state survives a clean reboot.
        var final = log.ExportSnapshot();
        Assert.Equal(final, ChfDeviceLog.Open(new RamBlockStore(store.Flash, sectorSize, 1), aes, clock, options).ExportSnapshot());
        output.WriteLine($"{sectors}x{sectorSize}: 3000 ops, {cuts} power cuts, {recoveredAfter} recovered to 'after', erase counts {string.Join(",", Enumerable.Range(0, sectors).Select(store.GetEraseCount))} (this boot)");
        Assert.True(cuts > 200);
    }
}
