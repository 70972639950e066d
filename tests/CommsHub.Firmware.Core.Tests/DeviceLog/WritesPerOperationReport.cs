using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using CommsHub.Firmware.Net;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Firmware.Core.Tests.DeviceLog;

/// <summary>Worst-case flash cost per operation: a full log (16 joined devices, 15 historic), for BENCHMARKS.md.</summary>
public class WritesPerOperationReport(ITestOutputHelper output)
{
    [Theory]
    [InlineData(4096, 2)]
    [InlineData(4096, 4)]
    public void Full_log_cost_per_operation(int sectorSize, int sectors)
    {
        using var aes = new NetAes128();
        var clock = new FakeClock(LogFixture.Start);
        var store = new RamBlockStore(sectorSize, sectors, 1);
        var log = ChfDeviceLog.Open(store, aes, clock, new DeviceLogOptions());
        for (ulong i = 1; i <= 15; i++)
        {
            log.Register(0x100 + i, DeviceType.Esme, LogFixture.Code((int)i));
            log.DeviceJoined(0x100 + i, LogFixture.Code(50 + (int)i));
            log.Unregister(0x100 + i);
        }
        for (ulong i = 1; i <= 16; i++)
        {
            log.Register(i, DeviceType.Esme, LogFixture.Code((int)i));
            log.DeviceJoined(i, LogFixture.Code(100 + (int)i)); // a TC key other than the install key: worst case
        }
        int snapshot = log.ExportSnapshot().Length;
        long b0 = store.BytesProgrammed, e0 = store.TotalErases, c0 = store.ProgramCount;
        const int n = 1000;
        for (int k = 0; k < n; k++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            log.RecordCommunication((ulong)(k % 16) + 1);
        }
        double bytes = (double)(store.BytesProgrammed - b0) / n, erases = (double)(store.TotalErases - e0) / n;
        output.WriteLine($"FULL LOG {sectors}x{sectorSize}: snapshot {snapshot} B, record {snapshot + 20} B; per write: {bytes:F0} B programmed, " +
                         $"{(double)(store.ProgramCount - c0) / n:F1} program calls, {erases:F3} erases (one per {1 / erases:F1} writes); " +
                         $"sector erase counts {string.Join(",", Enumerable.Range(0, sectors).Select(store.GetEraseCount))} after {n} writes");
        Assert.Equal(snapshot + 20, bytes, 0.5);
        // Records never span sectors: floor(4096 / 1408) = 2 full snapshots per sector, so one erase every 2nd write.
        Assert.Equal(1.0 / (sectorSize / ((snapshot + 20 + 3) & ~3)), erases, 0.01);
    }
}
