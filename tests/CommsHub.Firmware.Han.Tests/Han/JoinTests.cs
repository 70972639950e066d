using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Han.Tests.Support;
using Xunit;
using CommsHub.Protocol.Asn1;
using static CommsHub.Firmware.Han.Tests.Support.HanFixture;

namespace CommsHub.Firmware.Han.Tests.Han;

public class JoinTests
{
    [Fact]
    public void Whitelisted_device_inside_the_window_joins_and_is_recorded_with_its_key()
    {
        using var f = new HanFixture();
        f.Register(Esme, DeviceType.Esme);
        f.OpenJoinWindow(90);
        f.Network.Join(Esme, Key(1));
        var e = f.Log.Find(Esme)!;
        Assert.Equal(JoinState.Joined, e.JoinState);
        Assert.Equal(Key(1), e.GetTcLinkKey());
        Assert.Empty(f.Refused);
        Assert.Empty(f.Network.Removed);
        Assert.Equal(DeviceLogChangeKind.Joined, f.Log.LastChange!.Kind);
    }

    [Fact]
    public void Device_not_in_the_log_is_refused_and_removed()
    {
        using var f = new HanFixture();
        f.OpenJoinWindow();
        f.Network.Join(Ihd, Key(1));
        Assert.Equal(new[] { Ihd }, f.Refused);
        Assert.Equal(new[] { Ihd }, f.Network.Removed);
        Assert.Null(f.Log.Find(Ihd));
    }

    [Fact]
    public void Whitelisted_device_outside_the_window_is_refused()
    {
        using var f = new HanFixture();
        f.Register(Esme, DeviceType.Esme);
        f.Network.Join(Esme, Key(1)); // joining never enabled
        Assert.Equal(JoinState.Pending, f.Log.Find(Esme)!.JoinState);
        Assert.Equal(new[] { Esme }, f.Refused);
    }

    [Fact]
    public void Window_expiry_ends_joining()
    {
        using var f = new HanFixture();
        f.Register(Esme, DeviceType.Esme);
        f.OpenJoinWindow(90);
        f.Clock.Advance(TimeSpan.FromSeconds(90));
        f.Network.Join(Esme, Key(1));
        Assert.Equal(JoinState.Pending, f.Log.Find(Esme)!.JoinState);
        Assert.Single(f.Refused);
    }

    [Fact]
    public void Bad_key_length_is_refused()
    {
        using var f = new HanFixture();
        f.Register(Esme, DeviceType.Esme);
        f.OpenJoinWindow();
        f.Network.Join(Esme, new byte[8]);
        Assert.Equal(JoinState.Pending, f.Log.Find(Esme)!.JoinState);
        Assert.Single(f.Refused);
    }

    [Fact]
    public void Device_that_left_may_rejoin_outside_the_window_only_with_its_recorded_key()
    {
        using var f = new HanFixture();
        f.Joined(Esme, DeviceType.Esme);
        f.Log.SetJoiningEnabled(false);
        f.Network.Leave(Esme);
        f.Network.Join(Esme, Key(2)); // another key: not the device that joined
        Assert.Equal(JoinState.Left, f.Log.Find(Esme)!.JoinState);
        Assert.Single(f.Refused);
        f.Network.Join(Esme, Key(1)); // trust-centre rejoin with the established key
        Assert.Equal(JoinState.Joined, f.Log.Find(Esme)!.JoinState);
        Assert.Single(f.Refused);
    }

    [Fact]
    public void Leave_is_recorded_in_the_log()
    {
        using var f = new HanFixture();
        f.Joined(Esme, DeviceType.Esme);
        f.Network.Leave(Esme);
        Assert.Equal(JoinState.Left, f.Log.Find(Esme)!.JoinState);
        Assert.Equal(DeviceLogChangeKind.Left, f.Log.LastChange!.Kind);
        f.Network.Leave(Ihd); // unknown: nothing happens
    }

    [Fact]
    public void Registering_inside_an_open_window_arms_the_radio_with_the_install_code_key()
    {
        using var f = new HanFixture();
        f.OpenJoinWindow(90);
        f.Register(Esme, DeviceType.Esme);
        var permit = Assert.Single(f.Network.Permits.Where(p => p.Device == Esme).TakeLast(1));
        Assert.Equal(f.Log.Find(Esme)!.GetLinkKey(), permit.Key);
        Assert.Equal(90, permit.Seconds);
    }

    [Fact]
    public void Opening_the_window_arms_only_devices_that_have_not_joined()
    {
        using var f = new HanFixture();
        f.Joined(Esme, DeviceType.Esme);
        f.Register(Ihd, DeviceType.Type2, 2);
        f.Log.SetJoiningEnabled(false);
        f.Network.Permits.Clear();
        f.Clock.Advance(TimeSpan.FromSeconds(10));
        f.OpenJoinWindow(60);
        Assert.Equal(new[] { Ihd }, f.Network.Permits.Select(p => p.Device).Distinct());
        Assert.All(f.Network.Permits, p => Assert.Equal(60, p.Seconds));
    }

    [Fact]
    public void Unregistering_a_device_removes_it_from_the_network_and_gives_up_its_commands()
    {
        using var f = new HanFixture();
        f.Joined(Esme, DeviceType.Esme);
        var cmd = Command(Esme, 5);
        f.Bridge.Forward(Esme, cmd, 0, cmd.Length, 5);
        f.Log.Unregister(Esme);
        Assert.Contains(Esme, f.Network.Removed);
        Assert.Equal((Esme, 5UL, HanTimeoutReason.DeviceGone), Assert.Single(f.TimedOut));
        Assert.Equal(0, f.Bridge.OutstandingCount);
    }

    [Fact]
    public void A_restore_that_drops_a_joined_device_removes_it_from_the_network_and_gives_up_its_commands()
    {
        using var f = new HanFixture();
        f.Joined(Esme, DeviceType.Esme, 1);
        f.Joined(Ihd, DeviceType.Type2, 2);
        var cmd = Command(Ihd, 7);
        f.Bridge.Forward(Ihd, cmd, 0, cmd.Length, 7);

        Assert.Equal(DeviceLogResult.Success, f.Log.Restore(Hub, new[] { new BackupEntry(Esme, f.Log.Find(Esme)!.GetHashedTcLinkKey()) }));

        Assert.Equal(new[] { Ihd }, f.Network.Removed);
        Assert.Equal((Ihd, 7UL, HanTimeoutReason.DeviceGone), Assert.Single(f.TimedOut));
    }
}
