using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Tests.Support;
using CommsHub.Protocol.Asn1;
using Xunit;

namespace CommsHub.Firmware.Core.Tests.DeviceLog;

/// <summary>
/// A device log written under a larger capacity (a firmware that allowed more devices) still opens under a smaller
/// one: it reports full until devices leave, and every change persists.
/// </summary>
public class SmallerCapacityTests
{
    [Fact]
    public void A_log_stored_under_a_larger_capacity_opens_reports_full_and_still_persists()
    {
        using var f = new LogFixture(capacity: 16);
        for (ulong i = 1; i <= 16; i++)
        {
            Assert.Equal(DeviceLogResult.Success, f.Log.Register(i, DeviceType.Esme, LogFixture.Code((int)i)));
            Assert.Equal(DeviceLogResult.Success, f.Log.DeviceJoined(i, LogFixture.Code(100 + (int)i))); // link, TC key and hash: the largest entries
        }
        var snapshot = f.Log.ExportSnapshot();

        var log = ChfDeviceLog.Open(new RamBlockStore(f.Store.Flash, LogFixture.SectorSize, 2), f.Aes, f.Clock,
            new DeviceLogOptions { Capacity = 1, DefaultExtendedPanId = f.Options.DefaultExtendedPanId });

        Assert.Equal(16, log.Count);
        Assert.Equal(snapshot, log.ExportSnapshot());
        Assert.Equal(DeviceLogResult.DeviceLogFull, log.Register(17, DeviceType.Esme, LogFixture.Code(17)));
        Assert.Equal(DeviceLogResult.Success, log.Unregister(1));
        Assert.Equal(DeviceLogResult.Success, log.DeviceLeft(2));
        Assert.Equal(15, log.Count);
    }
}
