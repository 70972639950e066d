using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Tests.Support;
using CommsHub.Firmware.Core.Time;
using Xunit;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Firmware.Core.Tests.DeviceLog;

public class JoinTests
{
    [Fact]
    public void Joining_is_disabled_by_default()
    {
        using var f = new LogFixture();
        Assert.False(f.Log.JoiningEnabled);
        Assert.Equal(0, f.Log.JoinTimeout);
    }

    [Fact]
    public void Enable_opens_a_window_of_join_timeout_seconds_that_expires()
    {
        using var f = new LogFixture();
        f.Log.Register(1, DeviceType.Esme, LogFixture.Code(1));
        Assert.Equal(DeviceLogResult.Success, f.Log.SetJoinTimeout(90)); // RTDS CCS01: 0x005A
        Assert.Equal(DeviceLogResult.Success, f.Log.SetJoiningEnabled(true));
        Assert.True(f.Log.JoiningEnabled);
        Assert.True(f.Log.MayJoin(1));
        Assert.False(f.Log.MayJoin(2));
        f.Clock.Advance(TimeSpan.FromSeconds(89));
        Assert.True(f.Log.JoiningEnabled);
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(f.Log.JoiningEnabled);
        Assert.False(f.Log.MayJoin(1));
    }

    [Fact]
    public void Disable_closes_the_window()
    {
        using var f = new LogFixture();
        f.Log.SetJoinTimeout(90);
        f.Log.SetJoiningEnabled(true);
        f.Log.SetJoiningEnabled(false);
        Assert.False(f.Log.JoiningEnabled);
        Assert.Equal(0u, f.Log.JoinWindowEnd);
    }

    [Fact]
    public void Window_survives_a_reboot_and_still_expires_on_time()
    {
        using var f = new LogFixture();
        f.Log.SetJoinTimeout(300);
        f.Log.SetJoiningEnabled(true);
        f.Clock.Advance(TimeSpan.FromSeconds(100));
        var log = f.Reboot();
        Assert.True(log.JoiningEnabled);
        Assert.Equal(300, log.JoinTimeout);
        f.Clock.Advance(TimeSpan.FromSeconds(200));
        Assert.False(log.JoiningEnabled);
    }

    [Fact]
    public void A_clock_set_back_before_the_window_opened_does_not_reopen_it()
    {
        // SNTP (unauthenticated) or a lost RTC can put the clock back: the window that closed must stay closed.
        using var f = new LogFixture();
        f.Log.Register(1, DeviceType.Esme, LogFixture.Code(1));
        f.Log.SetJoinTimeout(90);
        f.Log.SetJoiningEnabled(true);
        f.Clock.Advance(TimeSpan.FromSeconds(90));
        Assert.False(f.Log.JoiningEnabled);
        f.Clock.UtcNow = LogFixture.Start.AddHours(-1);
        Assert.False(f.Log.JoiningEnabled);
        Assert.False(f.Log.MayJoin(1));
    }

    [Fact]
    public void A_reboot_with_the_rtc_lost_does_not_reopen_a_persisted_window()
    {
        using var f = new LogFixture();
        f.Log.SetJoinTimeout(300);
        f.Log.SetJoiningEnabled(true);
        f.Clock.UtcNow = new DateTime(2000, 1, 1, 0, 0, 5, DateTimeKind.Utc); // an RTC that lost its battery
        var log = f.Reboot();
        Assert.False(log.JoiningEnabled);
        Assert.Equal(HubTime.ToSeconds(LogFixture.Start), log.JoinWindowStart);
        f.Clock.UtcNow = LogFixture.Start.AddSeconds(10); // SNTP sets it right: the window is open again until its end
        Assert.True(log.JoiningEnabled);
    }

    [Fact]
    public void A_snapshot_without_a_window_start_takes_it_as_the_end_less_the_timeout()
    {
        // Snapshots written before the start was stored: joining enabled, timeout 300, window end at Start + 200.
        uint end = HubTime.ToSeconds(LogFixture.Start) + 200;
        var b = new byte[18];
        b[0] = 1; // version
        b[1] = 1; // joining enabled
        b[2] = 0x01; b[3] = 0x2C; // 300
        b[4] = (byte)(end >> 24); b[5] = (byte)(end >> 16); b[6] = (byte)(end >> 8); b[7] = (byte)end;
        using var aes = new CommsHub.Firmware.Net.NetAes128();
        var store = new CommsHub.Firmware.Core.Storage.RamBlockStore(LogFixture.SectorSize, 2, 1);
        CommsHub.Firmware.Core.Storage.RecordLog.Mount(store).Append(0x01, b, 0, b.Length);
        var clock = new FakeClock(LogFixture.Start);
        var log = ChfDeviceLog.Open(store, aes, clock, new DeviceLogOptions());
        Assert.True(log.JoiningEnabled);
        Assert.Equal(end - 300, log.JoinWindowStart);
        clock.UtcNow = LogFixture.Start.AddSeconds(-101);
        Assert.False(log.JoiningEnabled);
    }

    [Fact]
    public void Join_timeout_is_a_long_unsigned()
    {
        using var f = new LogFixture();
        Assert.Equal(DeviceLogResult.InvalidArgument, f.Log.SetJoinTimeout(-1));
        Assert.Equal(DeviceLogResult.InvalidArgument, f.Log.SetJoinTimeout(65536));
        Assert.Equal(DeviceLogResult.Success, f.Log.SetJoinTimeout(65535));
    }

    [Fact]
    public void Join_settings_changes_are_not_cs14_changes()
    {
        using var f = new LogFixture();
        var changes = new List<DeviceLogChange>();
        f.Log.Changed += (_, c) => changes.Add(c);
        f.Log.SetJoinTimeout(60);
        f.Log.SetJoiningEnabled(true);
        Assert.Equal(2, changes.Count);
        Assert.All(changes, c => Assert.Equal(DeviceLogChangeKind.JoinSettings, c.Kind));
        Assert.All(changes, c => Assert.False(c.BackupChanged));
        // Same value again: nothing to persist, nothing to tell.
        f.Log.SetJoinTimeout(60);
        Assert.Equal(2, changes.Count);
    }

    [Fact]
    public void Device_joined_records_the_tc_key_its_hash_and_the_time()
    {
        using var f = new LogFixture();
        f.Log.Register(1, DeviceType.Esme, LogFixture.Code(1));
        f.Clock.Advance(TimeSpan.FromSeconds(30));
        DeviceLogChange? change = null;
        f.Log.Changed += (_, c) => change = c;
        Assert.Equal(DeviceLogResult.Success, f.Log.DeviceJoined(1, LogFixture.Code(70)));
        var e = f.Log.Find(1)!;
        Assert.Equal(JoinState.Joined, e.JoinState);
        Assert.Equal(LogFixture.Code(70), e.GetTcLinkKey());
        Assert.Equal(16, e.GetHashedTcLinkKey().Length);
        Assert.Equal(HubTime.ToSeconds(LogFixture.Start) + 30, e.LastCommunication);
        Assert.True(change!.BackupChanged); // a hashed TC link key appeared: CS14
        // Rejoin with the same key: state changes (time) but the backup does not.
        f.Clock.Advance(TimeSpan.FromSeconds(5));
        f.Log.DeviceJoined(1, LogFixture.Code(70));
        Assert.False(change.BackupChanged);
    }

    [Fact]
    public void Join_and_leave_need_a_whitelisted_device()
    {
        using var f = new LogFixture();
        Assert.Equal(DeviceLogResult.NotFound, f.Log.DeviceJoined(1, LogFixture.Code(1)));
        Assert.Equal(DeviceLogResult.NotFound, f.Log.DeviceLeft(1));
        Assert.Equal(DeviceLogResult.NotFound, f.Log.RecordCommunication(1));
        f.Log.Register(1, DeviceType.Esme, LogFixture.Code(1));
        Assert.Equal(DeviceLogResult.InvalidArgument, f.Log.DeviceJoined(1, new byte[15]));
    }

    [Fact]
    public void Left_device_stays_whitelisted()
    {
        using var f = new LogFixture();
        f.Log.Register(1, DeviceType.Esme, LogFixture.Code(1));
        f.Log.DeviceJoined(1, LogFixture.Code(10));
        Assert.Equal(DeviceLogResult.Success, f.Log.DeviceLeft(1));
        Assert.Equal(JoinState.Left, f.Log.Find(1)!.JoinState);
        Assert.Equal(DeviceLogChangeKind.Left, f.Log.LastChange!.Kind);
        Assert.False(f.Log.LastChange.BackupChanged);
    }

    [Fact]
    public void Last_communication_updates_and_is_coalesced_within_a_second()
    {
        using var f = new LogFixture();
        f.Log.Register(1, DeviceType.Esme, LogFixture.Code(1));
        f.Clock.Advance(TimeSpan.FromSeconds(10));
        f.Log.RecordCommunication(1);
        long writes = f.Log.PersistCount;
        f.Log.RecordCommunication(1);
        Assert.Equal(writes, f.Log.PersistCount);
        Assert.Equal(HubTime.ToSeconds(LogFixture.Start) + 10, f.Log.Find(1)!.LastCommunication);
        Assert.Equal(DeviceLogChangeKind.Communication, f.Log.LastChange!.Kind);
    }
}
