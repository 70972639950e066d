using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Tests.Support;
using Xunit;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Firmware.Core.Tests.DeviceLog;

public class UnregisterTests
{
    [Fact]
    public void Unregister_removes_and_fires_cs14()
    {
        using var f = new LogFixture();
        f.Log.Register(0x10, DeviceType.Esme, LogFixture.Code(1));
        DeviceLogChange? change = null;
        f.Log.Changed += (_, c) => change = c;
        Assert.Equal(DeviceLogResult.Success, f.Log.Unregister(0x10));
        Assert.Null(f.Log.Find(0x10));
        Assert.Equal(DeviceLogChangeKind.Unregistered, change!.Kind);
        Assert.True(change.BackupChanged);
    }

    [Fact]
    public void Unknown_device_is_not_found()
    {
        using var f = new LogFixture();
        Assert.Equal(DeviceLogResult.NotFound, f.Log.Unregister(0x10));
    }

    [Fact]
    public void Joined_device_goes_to_the_historic_log_with_its_tc_link_key()
    {
        using var f = new LogFixture();
        f.Log.Register(0x10, DeviceType.Esme, LogFixture.Code(1));
        f.Log.DeviceJoined(0x10, LogFixture.Code(50));
        var hash = f.Log.Find(0x10)!.GetHashedTcLinkKey();
        f.Log.Unregister(0x10);
        var h = f.Log.FindHistoric(0x10)!;
        Assert.Equal(LogFixture.Code(50), h.GetTcLinkKey());
        Assert.Equal(hash, f.Log.BackupHistoric().Entries[0].HashedTcLinkKey);
    }

    [Fact]
    public void Device_without_tc_link_key_is_not_recorded_in_the_historic_log()
    {
        using var f = new LogFixture();
        f.Log.Register(0x10, DeviceType.Esme, LogFixture.Code(1));
        f.Log.Unregister(0x10);
        Assert.Equal(0, f.Log.HistoricCount);
    }

    [Fact]
    public void Hht_is_never_recorded_in_the_historic_log()
    {
        using var f = new LogFixture();
        f.Log.Register(0x10, LocalDeviceType.Hht, LogFixture.Code(1));
        f.Log.DeviceJoined(0x10, LogFixture.Code(50));
        f.Log.Unregister(0x10);
        Assert.Equal(0, f.Log.HistoricCount);
    }

    [Fact]
    public void Historic_log_keeps_15_and_overwrites_the_oldest()
    {
        using var f = new LogFixture();
        for (ulong i = 1; i <= 17; i++)
        {
            f.Log.Register(i, DeviceType.Type2, LogFixture.Code((int)i));
            f.Log.DeviceJoined(i, LogFixture.Code(100 + (int)i));
            f.Log.Unregister(i);
        }
        Assert.Equal(15, f.Log.HistoricCount);
        Assert.Null(f.Log.FindHistoric(1));
        Assert.Null(f.Log.FindHistoric(2));
        Assert.Equal(3UL, f.Log.GetHistoricEntry(0).Eui);
        Assert.Equal(17UL, f.Log.GetHistoricEntry(14).Eui);
    }

    [Fact]
    public void A_device_already_in_the_historic_log_gets_its_record_updated_not_duplicated()
    {
        using var f = new LogFixture();
        f.Log.Register(1, DeviceType.Esme, LogFixture.Code(1));
        f.Log.DeviceJoined(1, LogFixture.Code(10));
        f.Log.Unregister(1);
        f.Log.Register(2, DeviceType.Esme, LogFixture.Code(2));
        f.Log.DeviceJoined(2, LogFixture.Code(20));
        f.Log.Unregister(2);
        f.Log.Register(1, DeviceType.Esme, LogFixture.Code(1));
        f.Log.DeviceJoined(1, LogFixture.Code(11));
        f.Log.Unregister(1);
        Assert.Equal(2, f.Log.HistoricCount);
        Assert.Equal(LogFixture.Code(11), f.Log.FindHistoric(1)!.GetTcLinkKey());
        // The update is the most recent recording, so device 2 is now the oldest.
        Assert.Equal(2UL, f.Log.GetHistoricEntry(0).Eui);
    }

    [Fact]
    public void Unregister_all_empties_the_log_in_one_change_recording_joined_devices()
    {
        using var f = new LogFixture();
        for (ulong i = 1; i <= 5; i++) f.Log.Register(i, DeviceType.Esme, LogFixture.Code((int)i));
        f.Log.DeviceJoined(2, LogFixture.Code(20));
        f.Log.DeviceJoined(4, LogFixture.Code(40));
        var changes = new List<DeviceLogChange>();
        f.Log.Changed += (_, c) => changes.Add(c);
        Assert.Equal(DeviceLogResult.Success, f.Log.UnregisterAll());
        Assert.Equal(0, f.Log.Count);
        Assert.Equal(2, f.Log.HistoricCount);
        var c = Assert.Single(changes);
        Assert.Equal(DeviceLogChangeKind.UnregisteredAll, c.Kind);
        Assert.True(c.BackupChanged);
        // Nothing left: no write, no change.
        Assert.Equal(DeviceLogResult.Success, f.Log.UnregisterAll());
        Assert.Single(changes);
    }
}
