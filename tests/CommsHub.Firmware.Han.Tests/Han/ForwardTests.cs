using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Han.Tests.Support;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Framing;
using Xunit;
using static CommsHub.Firmware.Han.Tests.Support.HanFixture;

namespace CommsHub.Firmware.Han.Tests.Han;

public class ForwardTests
{
    [Fact]
    public void Command_for_a_joined_device_goes_out_as_a_tunnel_put()
    {
        using var f = new HanFixture();
        f.Joined(Esme, DeviceType.Esme);
        var cmd = Command(Esme, 0x600);
        Assert.Equal(HanForwardResult.Sent, f.Bridge.Forward(Esme, cmd, 0, cmd.Length, 0x600));
        var (to, payload) = Assert.Single(f.Network.Sent);
        Assert.Equal(Esme, to);
        Assert.Equal(Put(cmd), payload);
        Assert.True(f.Bridge.IsOutstanding(Esme, 0x600));
    }

    [Fact]
    public void Forward_uses_only_the_given_range_of_the_buffer()
    {
        using var f = new HanFixture();
        f.Joined(Esme, DeviceType.Esme);
        var cmd = Command(Esme, 1);
        var buffer = new byte[cmd.Length + 9];
        cmd.CopyTo(buffer, 4);
        Assert.Equal(HanForwardResult.Sent, f.Bridge.Forward(Esme, buffer, 4, cmd.Length, 1));
        Assert.Equal(Put(cmd), f.Network.Sent[0].Payload);
    }

    [Fact]
    public void Unknown_device_is_refused_without_radio_traffic()
    {
        using var f = new HanFixture();
        var cmd = Command(Esme, 1);
        Assert.Equal(HanForwardResult.UnknownDevice, f.Bridge.Forward(Esme, cmd, 0, cmd.Length, 1));
        Assert.Empty(f.Network.Sent);
        Assert.Equal(0, f.Bridge.OutstandingCount);
    }

    [Fact]
    public void Registered_but_not_joined_device_is_not_joined()
    {
        using var f = new HanFixture();
        f.Register(Esme, DeviceType.Esme);
        var cmd = Command(Esme, 1);
        Assert.Equal(HanForwardResult.NotJoined, f.Bridge.Forward(Esme, cmd, 0, cmd.Length, 1));
        Assert.Empty(f.Network.Sent);
    }

    [Fact]
    public void Device_that_left_is_not_joined()
    {
        using var f = new HanFixture();
        f.Joined(Esme, DeviceType.Esme);
        f.Network.Leave(Esme);
        Assert.Equal(JoinState.Left, f.Log.Find(Esme)!.JoinState);
        var cmd = Command(Esme, 1);
        Assert.Equal(HanForwardResult.NotJoined, f.Bridge.Forward(Esme, cmd, 0, cmd.Length, 1));
    }

    [Fact]
    public void Radio_refusal_is_a_link_error_and_nothing_stays_outstanding()
    {
        using var f = new HanFixture();
        f.Joined(Esme, DeviceType.Esme);
        f.Network.Accept = false;
        var cmd = Command(Esme, 1);
        Assert.Equal(HanForwardResult.LinkError, f.Bridge.Forward(Esme, cmd, 0, cmd.Length, 1));
        Assert.Equal(0, f.Bridge.OutstandingCount);
    }

    [Fact]
    public void Frame_longer_than_the_limit_is_a_link_error()
    {
        using var f = new HanFixture(new HanBridgeOptions { MaxFrameLength = 64 });
        f.Joined(Esme, DeviceType.Esme);
        var cmd = Command(Esme, 1, 100);
        Assert.Equal(HanForwardResult.LinkError, f.Bridge.Forward(Esme, cmd, 0, cmd.Length, 1));
        Assert.Empty(f.Network.Sent);
    }

    [Fact]
    public void Responses_and_alerts_from_joined_devices_are_relayed_and_responses_matched()
    {
        using var f = new HanFixture();
        f.Joined(Esme, DeviceType.Esme);
        var cmd = Command(Esme, 0x700);
        f.Bridge.Forward(Esme, cmd, 0, cmd.Length, 0x700);
        var rsp = Response(Esme, 0x700);
        var alert = Alert(Esme, 0x9);
        f.Network.Receive(Esme, Put(rsp));
        f.Network.Receive(Esme, Put(alert));
        Assert.Equal(new[] { rsp, alert }, f.Received.Select(r => r.Frame));
        Assert.All(f.Received, r => Assert.Equal(Esme, r.Source));
        Assert.False(f.Bridge.IsOutstanding(Esme, 0x700));
        f.Clock.Advance(TimeSpan.FromHours(1));
        f.Bridge.Tick();
        Assert.Empty(f.TimedOut);
    }

    [Fact]
    public void A_device_answering_inside_send_is_still_matched()
    {
        using var f = new HanFixture();
        f.Joined(Esme, DeviceType.Esme);
        f.Network.OnSend = (to, _) => f.Network.Receive(to, Put(Response(to, 0x42)));
        var cmd = Command(Esme, 0x42);
        Assert.Equal(HanForwardResult.Sent, f.Bridge.Forward(Esme, cmd, 0, cmd.Length, 0x42));
        Assert.Single(f.Received);
        Assert.Equal(0, f.Bridge.OutstandingCount);
    }

    [Fact]
    public void Frames_from_unknown_or_unjoined_sources_are_dropped()
    {
        using var f = new HanFixture();
        f.Register(Esme, DeviceType.Esme);
        f.Network.Receive(Esme, Put(Alert(Esme, 1)));
        f.Network.Receive(Ihd, Put(Alert(Ihd, 1)));
        Assert.Empty(f.Received);
        Assert.Equal(2, f.Bridge.DroppedPayloads);
    }

    [Fact]
    public void Malformed_payloads_are_counted_not_relayed()
    {
        using var f = new HanFixture();
        f.Joined(Esme, DeviceType.Esme);
        f.Network.Receive(Esme, new byte[] { 0x07, 0xDD });
        f.Network.Receive(Esme, Array.Empty<byte>());
        Assert.Empty(f.Received);
        Assert.Equal(2, f.Bridge.MalformedPayloads);
    }

    [Fact]
    public void Unparseable_but_tunnel_valid_gbcs_is_still_relayed()
    {
        using var f = new HanFixture();
        f.Joined(Esme, DeviceType.Esme);
        var gbt = new byte[] { 0xDD, 0x09, 0x02, 0x00 }; // a GBT segment: the WAN side reassembles, not the bridge
        f.Network.Receive(Esme, Put(gbt));
        Assert.Equal(gbt, Assert.Single(f.Received).Frame);
    }

    [Fact]
    public void Every_frame_from_a_device_records_communication()
    {
        using var f = new HanFixture();
        f.Joined(Esme, DeviceType.Esme);
        uint joinedAt = f.Log.Find(Esme)!.LastCommunication;
        f.Clock.Advance(TimeSpan.FromMinutes(5));
        f.Network.Receive(Esme, Put(Alert(Esme, 1)));
        Assert.Equal(joinedAt + 300, f.Log.Find(Esme)!.LastCommunication);
        f.Clock.Advance(TimeSpan.FromMinutes(5));
        f.Network.Receive(Esme, new byte[] { 0x09 }); // even one that does not decode: the device was heard
        Assert.Equal(joinedAt + 600, f.Log.Find(Esme)!.LastCommunication);
    }

    [Fact]
    public void Get_response_from_a_device_is_dropped()
    {
        using var f = new HanFixture();
        f.Joined(Esme, DeviceType.Esme);
        var rsp = Response(Esme, 1);
        f.Network.Receive(Esme, TunnelFrame.Encode(TunnelCommand.GetResponse, 0, rsp, 0, rsp.Length));
        Assert.Empty(f.Received);
        Assert.Equal(1, f.Bridge.DroppedPayloads);
    }

    [Fact]
    public void Summary_counts_devices_and_joined_devices()
    {
        using var f = new HanFixture();
        f.Joined(Esme, DeviceType.Esme);
        f.Register(Ihd, DeviceType.Type2, 3);
        Assert.Equal(2, f.Bridge.DeviceCount);
        Assert.Equal(1, f.Bridge.JoinedCount);
    }
}
