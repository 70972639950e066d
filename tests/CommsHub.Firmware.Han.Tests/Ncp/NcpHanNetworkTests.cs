using CommsHub.Firmware.Core.Han.Ncp;
using CommsHub.Firmware.Core.Han.Ncp.Ezsp;
using Xunit;

namespace CommsHub.Firmware.Han.Tests.Ncp;

/// <summary>The NCP driver end to end against <see cref="SimulatedNcp"/>: bring-up, joins, tunnelled traffic and link faults.</summary>
public class NcpHanNetworkTests
{
    private const ulong Meter = 0x70B3D5C1D0000001;
    private const int MeterNode = 0x4F21;
    private static readonly byte[] InstallCodeKey = Hex.Parse("66B6900981E1EE3CA4206B6B861C02BB");
    private static readonly byte[] GbcsPut = Hex.Parse("03 DD 00 00 00 00 00 00 11");

    [Fact]
    public void Bring_up_negotiates_version_then_forms_a_network_when_none_is_saved()
    {
        var h = new NcpHarness();
        h.StartAndRun();

        Assert.Equal(NcpHanStatus.Up, h.Han.Status);
        Assert.Equal(13, h.Han.Session.ProtocolVersion);
        Assert.Equal(new[] { true, false }, h.Ncp.VersionLegacy); // legacy first, then the extended header
        Assert.Equal(
            new[] { EzspFrameId.Version, EzspFrameId.Version, EzspFrameId.NetworkInit, EzspFrameId.SetInitialSecurityState, EzspFrameId.FormNetwork },
            h.Ncp.FrameIds);
        // The capture starts with Cancel + the UG101 RST frame.
        Assert.Equal("1AC038BC7E", Hex.Format(h.HostCapture.Take(5).ToArray()));
    }

    [Fact]
    public void Join_arms_the_install_code_key_then_reports_the_device_and_tunnels_both_ways()
    {
        var h = new NcpHarness();
        h.StartAndRun();
        var joined = new List<(ulong, byte[])>();
        var received = new List<(ulong, string)>();
        h.Han.DeviceJoined += (d, k) => joined.Add((d, k));
        h.Han.PayloadReceived += (s, b, o, c) => received.Add((s, Hex.Format(b, o, c)));

        h.Han.PermitJoin(Meter, InstallCodeKey, 300);
        h.Run();
        var armed = Assert.Single(h.Ncp.ArmedKeys);
        Assert.Equal((Meter, EzspFrameId.ImportTransientKey), (armed.Eui, armed.FrameId));
        Assert.Equal(InstallCodeKey, armed.Key);
        Assert.Equal(new[] { 254 }, h.Ncp.PermitJoinSeconds); // 300 s clamped: 255 would mean "for ever"

        h.Ncp.JoinDevice(Meter, MeterNode);
        h.Run();
        Assert.Single(joined);
        Assert.Equal(Meter, joined[0].Item1);
        Assert.Equal(InstallCodeKey, joined[0].Item2);

        h.Ncp.TunnelFromDevice(MeterNode, tunnelId: 0x0102, GbcsPut);
        h.Run();
        Assert.Equal(new[] { (Meter, Hex.Format(GbcsPut)) }, received);

        Assert.True(h.Han.Send(Meter, GbcsPut, 0, GbcsPut.Length));
        h.Run();
        var sent = Assert.Single(h.Ncp.Unicasts);
        Assert.Equal(MeterNode, sent.NodeId);
        Assert.Equal("0901" + "0407" + "01" + "01" + "6001" + "0000" + "00", Hex.Format(sent.Aps));
        // ZCL: 11 (cluster-specific, client→server, no default response), seq 00, TransferData 02, tunnel 0102 LE.
        Assert.Equal("110002" + "0201" + Hex.Format(GbcsPut), Hex.Format(sent.Message));
    }

    [Fact]
    public void An_ezsp_12_ncp_gets_addTransientLinkKey()
    {
        var h = new NcpHarness(protocolVersion: 12);
        h.StartAndRun();
        h.Han.PermitJoin(Meter, InstallCodeKey, 60);
        h.Run();
        Assert.Equal(EzspFrameId.AddTransientLinkKey, h.Ncp.ArmedKeys.Single().FrameId);
        Assert.Equal(new[] { 60 }, h.Ncp.PermitJoinSeconds);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(14)]
    public void An_unsupported_protocol_version_takes_the_han_down_with_a_reason(int version)
    {
        var h = new NcpHarness(protocolVersion: version);
        h.StartAndRun();
        Assert.Equal(NcpHanStatus.Down, h.Han.Status);
        Assert.Contains("EZSP protocol version " + version, h.Han.LastFailure);
    }

    [Fact]
    public void Messages_from_unknown_senders_and_other_clusters_are_dropped()
    {
        var h = new NcpHarness();
        h.StartAndRun();
        int payloads = 0;
        h.Han.PayloadReceived += (_, _, _, _) => payloads++;
        h.Ncp.TunnelFromDevice(0x1111, 1, GbcsPut);
        h.Han.PermitJoin(Meter, InstallCodeKey, 60);
        h.Run();
        h.Ncp.JoinDevice(Meter, MeterNode);
        h.Ncp.TunnelFromDevice(MeterNode, 1, GbcsPut, cluster: 0x0702);
        h.Run();
        Assert.Equal(0, payloads);
        Assert.Equal(1, h.Han.UnknownSenderDrops);
        Assert.False(h.Han.Send(0x0102030405060708, GbcsPut, 0, GbcsPut.Length)); // never joined
    }

    [Fact]
    public void A_host_frame_lost_on_the_wire_is_retransmitted_after_the_ack_timeout()
    {
        var h = new NcpHarness();
        h.StartAndRun();
        h.Han.PermitJoin(Meter, InstallCodeKey, 60);
        h.Ncp.JoinDevice(Meter, MeterNode);
        h.Run();

        h.Ncp.DropHostDataFrames = 1;
        Assert.True(h.Han.Send(Meter, GbcsPut, 0, GbcsPut.Length));
        h.Run();
        Assert.Empty(h.Ncp.Unicasts); // lost

        h.Elapse(TimeSpan.FromMilliseconds(1599));
        Assert.Empty(h.Ncp.Unicasts); // not yet: T_RX_ACK is 1.6 s
        h.Elapse(TimeSpan.FromMilliseconds(1));
        Assert.Single(h.Ncp.Unicasts);
        Assert.Equal(1, h.Ncp.RetransmittedFramesSeen);
        Assert.Equal(1, h.Han.Session.Ash.Retransmissions);
        Assert.Equal(NcpHanStatus.Up, h.Han.Status);
    }

    [Fact]
    public void A_frame_the_ncp_naks_is_sent_again_at_once()
    {
        var h = new NcpHarness();
        h.StartAndRun();
        h.Ncp.NakHostDataFrames = 1;
        h.Han.PermitJoin(Meter, InstallCodeKey, 60);
        h.Run();
        Assert.Single(h.Ncp.ArmedKeys);
        Assert.Equal(1, h.Ncp.RetransmittedFramesSeen);
    }

    [Fact]
    public void A_corrupted_ncp_frame_is_naked_and_delivered_once_after_the_resend()
    {
        var h = new NcpHarness();
        h.StartAndRun();
        h.Han.PermitJoin(Meter, InstallCodeKey, 60);
        h.Ncp.JoinDevice(Meter, MeterNode);
        h.Run();
        var received = new List<string>();
        h.Han.PayloadReceived += (_, b, o, c) => received.Add(Hex.Format(b, o, c));

        h.Ncp.CorruptOwnDataFrames = 1;
        h.Ncp.TunnelFromDevice(MeterNode, 1, GbcsPut);
        h.Run();

        Assert.Equal(new[] { Hex.Format(GbcsPut) }, received);
        Assert.Equal(1, h.Han.Session.Ash.BadFrames);
        Assert.Equal(1, h.Han.Session.Ash.NaksSent);
    }

    [Fact]
    public void An_ncp_that_resets_by_itself_is_renegotiated_and_the_saved_network_resumed()
    {
        var h = new NcpHarness();
        h.StartAndRun();
        h.Han.PermitJoin(Meter, InstallCodeKey, 60);
        h.Run();
        h.Ncp.FrameIds.Clear();

        h.Ncp.ResetSpontaneously();
        h.Run();

        Assert.Equal(NcpHanStatus.Up, h.Han.Status);
        // networkInit finds the saved network: no second formNetwork; the armed key is armed again.
        Assert.Equal(new[] { EzspFrameId.Version, EzspFrameId.Version, EzspFrameId.NetworkInit, EzspFrameId.ImportTransientKey }, h.Ncp.FrameIds);
        Assert.Equal(2, h.Ncp.ArmedKeys.Count);
    }

    [Fact]
    public void Acks_that_never_come_take_the_link_down_and_start_recovers_it()
    {
        var h = new NcpHarness();
        h.StartAndRun();
        h.Han.PermitJoin(Meter, InstallCodeKey, 60);
        h.Ncp.JoinDevice(Meter, MeterNode);
        h.Run();

        h.Ncp.DropHostDataFrames = 100;
        h.Han.Send(Meter, GbcsPut, 0, GbcsPut.Length);
        h.Run();
        for (int i = 0; i < 4; i++) h.Elapse(TimeSpan.FromMilliseconds(3200));
        Assert.Equal(NcpHanStatus.Down, h.Han.Status);
        Assert.Contains("unacknowledged", h.Han.LastFailure);

        h.Ncp.DropHostDataFrames = 0;
        h.StartAndRun();
        Assert.Equal(NcpHanStatus.Up, h.Han.Status);
    }

    [Fact]
    public void A_device_leaving_is_reported_and_remove_device_asks_the_ncp()
    {
        var h = new NcpHarness();
        h.StartAndRun();
        var left = new List<ulong>();
        h.Han.DeviceLeft += d => left.Add(d);
        h.Han.PermitJoin(Meter, InstallCodeKey, 60);
        h.Ncp.JoinDevice(Meter, MeterNode);
        h.Run();
        h.Han.RemoveDevice(Meter);
        h.Run();
        Assert.Equal(new[] { (MeterNode, Meter) }, h.Ncp.Removed);

        h.Ncp.DeviceLeaves(Meter, MeterNode);
        h.Run();
        Assert.Equal(new[] { Meter }, left);
    }

    [Fact]
    public void A_node_id_reused_by_another_device_belongs_to_that_device_only()
    {
        const ulong other = 0x70B3D5C1D0000002;
        var h = new NcpHarness();
        h.StartAndRun();
        var received = new List<ulong>();
        h.Han.PayloadReceived += (s, _, _, _) => received.Add(s);
        h.Han.PermitJoin(Meter, InstallCodeKey, 60);
        h.Han.PermitJoin(other, InstallCodeKey, 60);
        h.Ncp.JoinDevice(Meter, MeterNode);
        h.Run();
        // The meter vanished without a leave (power cut); the network gives its short address to the next joiner.
        h.Ncp.JoinDevice(other, MeterNode);
        h.Run();

        h.Ncp.TunnelFromDevice(MeterNode, 1, GbcsPut);
        h.Run();
        Assert.Equal(new[] { other }, received);
        // Nothing addressed to the meter goes to the other device's address.
        Assert.False(h.Han.Send(Meter, GbcsPut, 0, GbcsPut.Length));
        Assert.True(h.Han.Send(other, GbcsPut, 0, GbcsPut.Length));
    }

    [Theory]
    [InlineData("194201")]       // TransferData cut before its tunnel ID
    [InlineData("19420001")]     // RequestTunnelResponse cut inside its tunnel ID
    [InlineData("1D34124200")]   // manufacturer-specific, cut after the command
    public void A_short_tunnel_frame_from_a_device_is_dropped_and_the_han_stays_up(string zcl)
    {
        var h = new NcpHarness();
        h.StartAndRun();
        var received = new List<string>();
        h.Han.PayloadReceived += (_, b, o, c) => received.Add(Hex.Format(b, o, c));
        h.Han.PermitJoin(Meter, InstallCodeKey, 60);
        h.Ncp.JoinDevice(Meter, MeterNode);
        h.Run();

        h.Ncp.ZclFromDevice(MeterNode, Hex.Parse(zcl));
        h.Run();
        Assert.Equal(NcpHanStatus.Up, h.Han.Status);
        Assert.Equal(1, h.Han.MalformedTunnelDrops);

        h.Ncp.TunnelFromDevice(MeterNode, 1, GbcsPut);
        h.Run();
        Assert.Equal(new[] { Hex.Format(GbcsPut) }, received);
    }
}
