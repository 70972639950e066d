using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Tests.Support;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;
using Xunit;
using CommsHub.Firmware.Net;

namespace CommsHub.Firmware.Core.Tests.DeviceLog;

public class RegisterTests
{
    private const ulong Esme = 0x00DB1234567890A0;
    private const ulong Gsme = 0x00DB1234567890A1;

    [Fact]
    public void Register_adds_a_pending_entry_with_the_install_code_derived_key()
    {
        using var f = new LogFixture();
        Assert.Equal(DeviceLogResult.Success, f.Log.Register(Esme, DeviceType.Esme, Hex.Decode(LogFixture.SpecInstallCode)));
        var e = f.Log.Find(Esme)!;
        Assert.Equal(DeviceType.Esme, e.DeviceType);
        Assert.Equal(JoinState.Pending, e.JoinState);
        Assert.Equal(LogFixture.SpecLinkKey, Hex.Encode(e.GetLinkKey()));
        Assert.False(e.HasTcLinkKey);
        Assert.Empty(e.GetHashedTcLinkKey());
        Assert.Equal(0u, e.LastCommunication);
        Assert.Equal(1, f.Log.Count);
    }

    [Fact]
    public void A_bare_16_byte_code_as_in_the_gbcs_register_device_gets_its_crc()
    {
        using var f = new LogFixture();
        f.Log.Register(Esme, DeviceType.Esme, Hex.Decode(LogFixture.SpecInstallCode[..32]));
        Assert.Equal(LogFixture.SpecLinkKey, Hex.Encode(f.Log.Find(Esme)!.GetLinkKey()));
    }

    [Fact]
    public void Ccs01_for_a_device_already_in_the_log_discards_the_key_and_succeeds()
    {
        using var f = new LogFixture();
        f.Log.Register(Esme, DeviceType.Esme, Hex.Decode(LogFixture.SpecInstallCode));
        long writes = f.Log.PersistCount;
        int events = 0;
        f.Log.Changed += (_, _) => events++;
        // Different key, even an invalid one: discarded without being processed.
        Assert.Equal(DeviceLogResult.AlreadyRegistered, f.Log.Register(Esme, DeviceType.Esme, LogFixture.Code(9)));
        Assert.Equal(DeviceLogResult.AlreadyRegistered, f.Log.Register(Esme, DeviceType.Esme, new byte[3]));
        Assert.Equal(LogFixture.SpecLinkKey, Hex.Encode(f.Log.Find(Esme)!.GetLinkKey()));
        Assert.Equal(writes, f.Log.PersistCount);
        Assert.Equal(0, events);
    }

    [Fact]
    public void Ccs01_keeps_an_established_tc_link_key()
    {
        using var f = new LogFixture();
        f.Log.Register(Esme, DeviceType.Esme, LogFixture.Code(1));
        f.Log.DeviceJoined(Esme, LogFixture.Code(77));
        f.Log.Register(Esme, DeviceType.Esme, LogFixture.Code(2));
        var e = f.Log.Find(Esme)!;
        Assert.Equal(LogFixture.Code(77), e.GetTcLinkKey());
        Assert.Equal(JoinState.Joined, e.JoinState);
    }

    [Fact]
    public void Gpf_is_never_recorded()
    {
        using var f = new LogFixture();
        Assert.Equal(DeviceLogResult.NotRecorded, f.Log.Register(Gsme, DeviceType.Gpf, LogFixture.Code(1)));
        Assert.Equal(0, f.Log.Count);
        Assert.Equal(0, f.Log.PersistCount);
    }

    [Fact]
    public void Invalid_install_code_is_refused_without_change()
    {
        using var f = new LogFixture();
        Assert.Equal(DeviceLogResult.InvalidInstallCode, f.Log.Register(Esme, DeviceType.Esme, new byte[5]));
        Assert.Equal(DeviceLogResult.InvalidInstallCode, f.Log.Register(Esme, DeviceType.Esme, Hex.Decode("83FED3407A939723A5C639B26916D505C3B6")));
        Assert.Equal(DeviceLogResult.InvalidInstallCode, f.Log.Register(Esme, DeviceType.Esme, null!));
        Assert.Equal(0, f.Log.Count);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(0xFFFFFFFFFFFFFFFFUL)]
    public void Reserved_euis_are_refused(ulong eui)
    {
        using var f = new LogFixture();
        Assert.Equal(DeviceLogResult.InvalidArgument, f.Log.Register(eui, DeviceType.Esme, LogFixture.Code(1)));
    }

    [Fact]
    public void Capacity_is_16_by_default_and_full_is_typed()
    {
        using var f = new LogFixture();
        Assert.Equal(16, f.Log.Capacity);
        for (int i = 0; i < 16; i++) Assert.Equal(DeviceLogResult.Success, f.Log.Register(0x1000UL + (ulong)i, DeviceType.Type2, LogFixture.Code(i)));
        Assert.Equal(DeviceLogResult.DeviceLogFull, f.Log.Register(0x2000, DeviceType.Esme, LogFixture.Code(99)));
        Assert.Equal(16, f.Log.Count);
        Assert.Null(f.Log.Find(0x2000));
        // A device already present is still "registered" when full.
        Assert.Equal(DeviceLogResult.AlreadyRegistered, f.Log.Register(0x1000, DeviceType.Type2, LogFixture.Code(1)));
    }

    [Fact]
    public void Capacity_is_configurable()
    {
        using var f = new LogFixture(capacity: 3);
        for (int i = 0; i < 3; i++) f.Log.Register(0x1000UL + (ulong)i, DeviceType.Type2, LogFixture.Code(i));
        Assert.Equal(DeviceLogResult.DeviceLogFull, f.Log.Register(0x2000, DeviceType.Esme, LogFixture.Code(99)));
    }

    [Fact]
    public void Capacity_outside_limits_or_not_fitting_a_sector_is_refused()
    {
        using var aes = new NetAes128();
        var clock = new FakeClock(LogFixture.Start);
        Assert.Throws<ArgumentException>(() => ChfDeviceLog.Open(new CommsHub.Firmware.Core.Storage.RamBlockStore(4096, 2, 1), aes, clock, new DeviceLogOptions { Capacity = 0 }));
        Assert.Throws<ArgumentException>(() => ChfDeviceLog.Open(new CommsHub.Firmware.Core.Storage.RamBlockStore(1024, 2, 1), aes, clock, new DeviceLogOptions()));
    }

    [Fact]
    public void Hht_is_never_recorded()
    {
        // Issue 3: the GPF and handheld terminals are never recorded in the device log.
        using var f = new LogFixture();
        var changes = 0;
        f.Log.Changed += (_, _) => changes++;
        Assert.Equal(DeviceLogResult.NotRecorded, f.Log.Register(0x77, LocalDeviceType.Hht, LogFixture.Code(1)));
        Assert.Equal(0, f.Log.Count);
        Assert.Null(f.Log.Find(0x77));
        Assert.Equal(0, changes);
    }

    [Fact]
    public void Register_fires_a_cs14_change()
    {
        using var f = new LogFixture();
        var changes = new List<DeviceLogChange>();
        f.Log.Changed += (_, c) => changes.Add(c);
        f.Log.Register(Esme, DeviceType.Esme, LogFixture.Code(1));
        var c = Assert.Single(changes);
        Assert.Equal(DeviceLogChangeKind.Registered, c.Kind);
        Assert.Equal(Esme, c.Eui);
        Assert.True(c.BackupChanged);
        Assert.True(c.Write.BytesProgrammed > 0);
        Assert.Same(c, f.Log.LastChange);
    }
}
