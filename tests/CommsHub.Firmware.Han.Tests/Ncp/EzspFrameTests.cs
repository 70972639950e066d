using CommsHub.Firmware.Core.Han.Ncp;
using CommsHub.Firmware.Core.Han.Ncp.Ezsp;
using Xunit;

namespace CommsHub.Firmware.Han.Tests.Ncp;

/// <summary>
/// EZSP encoders and decoders against byte vectors laid out by hand from the field tables of UG100/UG600 (EZSP
/// Reference Guide, protocol versions 8–13): every multi-byte field little-endian, EUI-64s low byte first.
/// </summary>
public class EzspFrameTests
{
    private static string Command(int sequence, int frameId, bool legacy, Action<EzspWriter> parameters)
    {
        var w = new EzspWriter(new byte[128]);
        EzspFrameHeader.WriteCommand(w, sequence, frameId, legacy);
        parameters(w);
        return Hex.Format(w.Buffer, 0, w.Length);
    }

    [Fact]
    public void Legacy_version_command_is_the_UG101_example()
    {
        // UG101 §3 DATA example: the EZSP "version" command 00 00 00 02 (seq 0, control 0, ID 0, desired version 2).
        Assert.Equal("00000002", Command(0, EzspFrameId.Version, legacy: true, w => EzspCommands.Version(w, 2)));
        Assert.Equal("0000000D", Command(0, EzspFrameId.Version, legacy: true, w => EzspCommands.Version(w, 13)));
    }

    [Fact]
    public void Extended_header_is_sequence_control_low_high_and_a_two_byte_id()
    {
        // seq 01 | FC 00 01 (frame format version 1) | ID 0000 | desired 0D.
        Assert.Equal("01000100000D", Command(1, EzspFrameId.Version, legacy: false, w => EzspCommands.Version(w, 13)));
        // permitJoining (0x0022): seq 05 | 00 01 | 22 00 | FE.
        Assert.Equal("0500012200FE", Command(5, EzspFrameId.PermitJoining, false, w => EzspCommands.PermitJoining(w, 1000)));
        // networkInit (0x0017), bitmask 0000.
        Assert.Equal("02000117000000", Command(2, EzspFrameId.NetworkInit, false, w => EzspCommands.NetworkInit(w, 0)));
    }

    [Fact]
    public void FormNetwork_parameters_are_twenty_bytes()
    {
        var p = new EzspNetworkParameters
        {
            ExtendedPanId = 0x0011223344556677, PanId = 0x1A2B, RadioTxPower = 8, RadioChannel = 15, Channels = 0x07FFF800,
        };
        // extPanId 77..00 | pan 2B 1A | power 08 | channel 0F | join 00 | manager 0000 | update 00 | channels 00 F8 FF 07
        Assert.Equal("0300011E00" + "7766554433221100" + "2B1A" + "08" + "0F" + "00" + "0000" + "00" + "00F8FF07",
            Command(3, EzspFrameId.FormNetwork, false, w => EzspCommands.FormNetwork(w, p)));
    }

    [Fact]
    public void SetInitialSecurityState_is_forty_three_bytes()
    {
        var s = new EzspInitialSecurityState
        {
            PreconfiguredKey = Hex.Parse("000102030405060708090A0B0C0D0E0F"),
            NetworkKey = Hex.Parse("101112131415161718191A1B1C1D1E1F"),
        };
        // bitmask 0x0B00 (preconfigured 0100 | network 0200 | require encrypted 0800) = 00 0B | keys | seq 00 | TC EUI 0.
        Assert.Equal("040001680000" + "0B" + "000102030405060708090A0B0C0D0E0F" + "101112131415161718191A1B1C1D1E1F" + "00" + "0000000000000000",
            Command(4, EzspFrameId.SetInitialSecurityState, false, w => EzspCommands.SetInitialSecurityState(w, s)));
    }

    [Fact]
    public void Transient_key_commands_carry_the_eui_low_byte_first()
    {
        byte[] key = Hex.Parse("66B6900981E1EE3CA4206B6B861C02BB");
        // addTransientLinkKey 0x00AF: EUI 70B3D5C1D0000001 -> 01 00 00 D0 C1 D5 B3 70, then the key.
        Assert.Equal("060001AF00" + "010000D0C1D5B370" + "66B6900981E1EE3CA4206B6B861C02BB",
            Command(6, EzspFrameId.AddTransientLinkKey, false, w => EzspCommands.AddTransientLinkKey(w, 0x70B3D5C1D0000001, key)));
        // importTransientKey 0x0111: same, then flags 00.
        Assert.Equal("0700011101" + "010000D0C1D5B370" + "66B6900981E1EE3CA4206B6B861C02BB" + "00",
            Command(7, EzspFrameId.ImportTransientKey, false, w => EzspCommands.ImportTransientKey(w, 0x70B3D5C1D0000001, key)));
        Assert.Throws<ArgumentException>(() => Command(7, EzspFrameId.ImportTransientKey, false, w => EzspCommands.ImportTransientKey(w, 1, new byte[15])));
    }

    [Fact]
    public void SendUnicast_on_the_tunnelling_cluster()
    {
        var aps = new EzspApsFrame { ProfileId = 0x0109, ClusterId = 0x0704, SourceEndpoint = 1, DestinationEndpoint = 1, Options = EzspApsFrame.SecuredRetriedOptions };
        byte[] message = Hex.Parse("1100020100" + "03DD");
        // type 00 | node 4F21 -> 21 4F | aps 0901 0407 01 01 6001 0000 00 | tag 07 | len 07 | message
        Assert.Equal("0800013400" + "00" + "214F" + "0901040701016001000000" + "07" + "07" + "110002010003DD",
            Command(8, EzspFrameId.SendUnicast, false, w => EzspCommands.SendUnicast(w, 0x4F21, aps, 7, message, 0, message.Length)));
    }

    [Fact]
    public void IncomingMessageHandler_decodes_its_fields_and_refuses_a_short_message()
    {
        // type 00 | aps 0901 0407 01 01 6001 0000 2A | lqi FF | rssi D8 (-40) | sender 214F | binding FF | address FF |
        // length 04 | 19 42 01 ...
        byte[] frame = Hex.Parse("00" + "0901040701016001000000".Substring(0, 20) + "2A" + "FF" + "D8" + "214F" + "FF" + "FF" + "04" + "19420102");
        var r = new EzspReader();
        r.Reset(frame, 0, frame.Length);
        var m = new EzspIncomingMessage();
        m.Read(r);
        Assert.Equal(0x0109, m.Aps.ProfileId);
        Assert.Equal(0x0704, m.Aps.ClusterId);
        Assert.Equal(0x2A, m.Aps.Sequence);
        Assert.Equal(-40, m.LastHopRssi);
        Assert.Equal(0x4F21, m.Sender);
        Assert.Equal("19420102", Hex.Format(m.Buffer, m.MessageOffset, m.MessageLength));

        r.Reset(frame, 0, frame.Length - 1);
        Assert.Throws<EzspFormatException>(() => new EzspIncomingMessage().Read(r));
    }

    [Fact]
    public void Join_callbacks_decode()
    {
        var r = new EzspReader();
        byte[] tc = Hex.Parse("214F" + "010000D0C1D5B370" + "01" + "00" + "0000");
        r.Reset(tc, 0, tc.Length);
        var j = new EzspTrustCenterJoin();
        j.Read(r);
        Assert.Equal((0x4F21, 0x70B3D5C1D0000001UL, EzspTrustCenterJoin.UnsecuredJoin, 0, 0), (j.NodeId, j.Eui64, j.Status, j.PolicyDecision, j.ParentNodeId));

        byte[] child = Hex.Parse("03" + "01" + "214F" + "010000D0C1D5B370" + "04");
        r.Reset(child, 0, child.Length);
        var c = new EzspChildJoin();
        c.Read(r);
        Assert.Equal((3, true, 0x4F21, 0x70B3D5C1D0000001UL, 4), (c.Index, c.Joining, c.NodeId, c.Eui64, c.NodeType));
    }

    [Fact]
    public void Response_headers_decode_in_both_formats()
    {
        // UG101 §3 DATA(5, 3, 0) example payload: legacy version response 00 80 00 | 02 02 3011.
        byte[] legacy = Hex.Parse("00800002021130");
        var r = new EzspReader();
        r.Reset(legacy, 0, legacy.Length);
        var h = new EzspFrameHeader();
        h.Read(r, legacy: true);
        Assert.True(h.IsResponse);
        Assert.False(h.IsCallback);
        var v = new EzspVersionResponse();
        v.Read(r);
        Assert.Equal((2, 2, 0x3011), (v.ProtocolVersion, v.StackType, v.StackVersion));

        // An async callback (control 90: response, callback type 10) with an extended header: stackStatusHandler(90).
        byte[] callback = Hex.Parse("0990011900" + "90");
        r.Reset(callback, 0, callback.Length);
        h.Read(r, legacy: false);
        Assert.True(h.IsCallback);
        Assert.Equal(EzspFrameId.StackStatusHandler, h.FrameId);

        byte[] wrongFormat = Hex.Parse("0980021900");
        r.Reset(wrongFormat, 0, wrongFormat.Length);
        Assert.Throws<EzspFormatException>(() => h.Read(r, legacy: false));
    }

    [Fact]
    public void Tunnel_frames_from_the_device_decode_and_others_are_skipped()
    {
        var t = new SeTunnelMessage();
        byte[] transfer = Hex.Parse("19" + "42" + "01" + "0201" + "03DD00");
        Assert.True(t.TryRead(transfer, 0, transfer.Length));
        Assert.Equal((SeTunnelMessage.TransferDataToClient, 0x0102), (t.Command, t.TunnelId));
        Assert.Equal("03DD00", Hex.Format(transfer, t.PayloadOffset, t.PayloadLength));

        byte[] response = Hex.Parse("19" + "43" + "00" + "0700" + "00" + "0005");
        Assert.True(t.TryRead(response, 0, response.Length));
        Assert.Equal((SeTunnelMessage.RequestTunnelResponse, 7, 0), (t.Command, t.TunnelId, t.Status));

        Assert.False(t.TryRead(Hex.Parse("18420B0000"), 0, 5));   // global Default Response: not ours
        Assert.False(t.TryRead(Hex.Parse("11420201000300"), 0, 7)); // client→server: not from a tunnel server
        Assert.Throws<EzspFormatException>(() => t.TryRead(Hex.Parse("194201"), 0, 3) ? 0 : 1);
    }
}
