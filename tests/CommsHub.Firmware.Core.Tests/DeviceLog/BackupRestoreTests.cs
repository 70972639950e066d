using CommsHub.Firmware.Core.Crypto;
using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Tests.Support;
using CommsHub.Firmware.Core.Time;
using Xunit;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Firmware.Core.Tests.DeviceLog;

public class BackupRestoreTests
{
    [Fact]
    public void Backup_lists_euis_with_hashed_tc_link_keys_or_empty_strings()
    {
        using var f = new LogFixture();
        f.Log.Register(1, DeviceType.Esme, LogFixture.Code(1));
        f.Log.Register(2, DeviceType.Gsme, LogFixture.Code(2));
        f.Log.DeviceJoined(2, LogFixture.Code(20));
        var b = f.Log.Backup();
        Assert.Equal(0x00DB1234567890A2UL, b.ExtendedPanId);
        Assert.Equal(HubTime.ToSeconds(LogFixture.Start), b.TakenAt);
        Assert.Equal(2, b.Entries.Length);
        Assert.Equal(1UL, b.Entries[0].Eui);
        Assert.Empty(b.Entries[0].HashedTcLinkKey); // CCS01/CS14: zero-length until a TC link key exists
        var key = LogFixture.Code(20);
        Assert.Equal(AesMmo.Hash(f.Aes, key, 0, 16), b.Entries[1].HashedTcLinkKey);
    }

    [Fact]
    public void Backup_never_exposes_the_tc_link_key_itself()
    {
        using var f = new LogFixture();
        f.Log.Register(2, DeviceType.Gsme, LogFixture.Code(2));
        f.Log.DeviceJoined(2, LogFixture.Code(20));
        Assert.NotEqual(LogFixture.Code(20), f.Log.Backup().Entries[0].HashedTcLinkKey);
    }

    [Fact]
    public void Historic_backup_lists_removed_devices()
    {
        using var f = new LogFixture();
        f.Log.Register(2, DeviceType.Gsme, LogFixture.Code(2));
        f.Log.DeviceJoined(2, LogFixture.Code(20));
        f.Log.Unregister(2);
        var b = f.Log.BackupHistoric();
        Assert.Equal(2UL, Assert.Single(b.Entries).Eui);
        Assert.Equal(16, b.Entries[0].HashedTcLinkKey.Length);
    }

    [Fact]
    public void Restore_replaces_the_log_and_sets_the_extended_pan_id()
    {
        using var f = new LogFixture();
        f.Log.Register(9, DeviceType.Esme, LogFixture.Code(9));
        var hash = LogFixture.Code(55);
        DeviceLogChange? change = null;
        f.Log.Changed += (_, c) => change = c;
        var r = f.Log.Restore(0x0000000000000140, new[] { new BackupEntry(0x00DB1234567890A0, hash), new BackupEntry(0x00DB1234567890A1, null!) });
        Assert.Equal(DeviceLogResult.Success, r);
        Assert.Equal(0x140UL, f.Log.ExtendedPanId);
        Assert.Equal(2, f.Log.Count);
        Assert.Null(f.Log.Find(9));
        var e = f.Log.Find(0x00DB1234567890A0)!;
        Assert.Equal(LocalDeviceType.Unknown, e.DeviceType);
        Assert.Equal(JoinState.Pending, e.JoinState);
        Assert.False(e.HasLinkKey);
        Assert.Equal(hash, e.GetHashedTcLinkKey());
        Assert.Empty(f.Log.Find(0x00DB1234567890A1)!.GetHashedTcLinkKey());
        Assert.Equal(DeviceLogChangeKind.Restored, change!.Kind);
        Assert.True(change.BackupChanged);
        // The backup round-trips what was restored.
        var b = f.Log.Backup();
        Assert.Equal(0x140UL, b.ExtendedPanId);
        Assert.Equal(hash, b.Entries[0].HashedTcLinkKey);
    }

    [Fact]
    public void Restore_is_all_or_nothing()
    {
        using var f = new LogFixture(capacity: 2);
        f.Log.Register(9, DeviceType.Esme, LogFixture.Code(9));
        var before = f.Log.ExportSnapshot();
        Assert.Equal(DeviceLogResult.DeviceLogFull, f.Log.Restore(1, new[] { new BackupEntry(1, null!), new BackupEntry(2, null!), new BackupEntry(3, null!) }));
        Assert.Equal(DeviceLogResult.InvalidArgument, f.Log.Restore(1, new[] { new BackupEntry(1, null!), new BackupEntry(1, null!) }));
        Assert.Equal(DeviceLogResult.InvalidArgument, f.Log.Restore(1, new[] { new BackupEntry(1, new byte[5]) }));
        Assert.Equal(DeviceLogResult.InvalidArgument, f.Log.Restore(1, new[] { new BackupEntry(0, null!) }));
        Assert.Equal(DeviceLogResult.InvalidArgument, f.Log.Restore(1, null!));
        Assert.Equal(before, f.Log.ExportSnapshot());
    }

    [Fact]
    public void Restored_entry_without_a_local_tc_key_is_not_recorded_in_the_historic_log_when_removed()
    {
        using var f = new LogFixture();
        f.Log.Restore(1, new[] { new BackupEntry(5, LogFixture.Code(5)) });
        f.Log.Unregister(5);
        Assert.Equal(0, f.Log.HistoricCount);
    }

    [Fact]
    public void Restore_keeps_the_historic_log()
    {
        using var f = new LogFixture();
        f.Log.Register(2, DeviceType.Gsme, LogFixture.Code(2));
        f.Log.DeviceJoined(2, LogFixture.Code(20));
        f.Log.Unregister(2);
        f.Log.Restore(1, new BackupEntry[0]);
        Assert.Equal(1, f.Log.HistoricCount);
    }
}
