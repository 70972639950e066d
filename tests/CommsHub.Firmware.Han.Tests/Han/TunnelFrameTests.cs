using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Han.Tests.Support;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using Xunit;

namespace CommsHub.Firmware.Han.Tests.Han;

public class TunnelFrameTests
{
    private static readonly byte[] Gbcs = HanFixture.Command(HanFixture.Esme, 0x516);

    [Fact]
    public void Put_round_trips_with_the_gbcs_message_unchanged()
    {
        var wire = TunnelFrame.Encode(TunnelCommand.Put, 0, Gbcs, 0, Gbcs.Length);
        Assert.Equal(0x03, wire[0]);
        Assert.Equal(Gbcs.Length + 1, wire.Length);
        var f = TunnelFrame.Decode(wire, 0, wire.Length);
        Assert.Equal(TunnelCommand.Put, f.Command);
        Assert.Equal(Gbcs, f.Buffer.AsSpan(f.MessageOffset, f.MessageLength).ToArray());
        Assert.Equal(0x516UL, GbcsFrameParser.Parse(f.Buffer, f.MessageOffset, f.MessageLength).OriginatorCounter);
    }

    [Fact]
    public void Get_response_carries_the_remaining_count_then_the_message()
    {
        var wire = TunnelFrame.Encode(TunnelCommand.GetResponse, 3, Gbcs, 0, Gbcs.Length);
        Assert.Equal(new byte[] { 0x02, 0x03 }, wire[..2]);
        var f = TunnelFrame.Decode(wire, 0, wire.Length);
        Assert.Equal(TunnelCommand.GetResponse, f.Command);
        Assert.Equal(3, f.RemainingMessages);
        Assert.Equal(2, f.MessageOffset);
        Assert.Equal(Gbcs.Length, f.MessageLength);
    }

    [Fact]
    public void Empty_get_response_and_get_are_one_or_two_bytes()
    {
        Assert.Equal(new byte[] { 0x02, 0x00 }, TunnelFrame.Encode(TunnelCommand.GetResponse, 5, null!, 0, 0));
        Assert.Equal(new byte[] { 0x01 }, TunnelFrame.Encode(TunnelCommand.Get, 0, null!, 0, 0));
        var g = TunnelFrame.Decode(new byte[] { 0x01 }, 0, 1);
        Assert.Equal(TunnelCommand.Get, g.Command);
        Assert.Equal(0, g.MessageLength);
    }

    [Fact]
    public void Remaining_count_is_clamped_to_a_byte()
    {
        var wire = TunnelFrame.Encode(TunnelCommand.GetResponse, 1000, Gbcs, 0, Gbcs.Length);
        Assert.Equal(0xFF, wire[1]);
    }

    [Fact]
    public void Decodes_in_place_at_an_offset_into_a_reused_instance()
    {
        var wire = TunnelFrame.Encode(TunnelCommand.Put, 0, Gbcs, 0, Gbcs.Length);
        var buffer = new byte[wire.Length + 10];
        wire.CopyTo(buffer, 7);
        var f = new TunnelFrame();
        TunnelFrame.DecodeInto(f, buffer, 7, wire.Length);
        Assert.Same(buffer, f.Buffer);
        Assert.Equal(8, f.MessageOffset);
        TunnelFrame.DecodeInto(f, new byte[] { 0x01 }, 0, 1);
        Assert.Equal(TunnelCommand.Get, f.Command);
    }

    [Theory]
    [InlineData("", GbcsErrorCode.Truncated)]
    [InlineData("00DD", GbcsErrorCode.UnexpectedTag)]
    [InlineData("04DD", GbcsErrorCode.UnexpectedTag)]
    [InlineData("DD000000", GbcsErrorCode.UnexpectedTag)] // raw GBCS without a tunnel header
    [InlineData("0100", GbcsErrorCode.TrailingBytes)]
    [InlineData("02", GbcsErrorCode.Truncated)]
    [InlineData("0201", GbcsErrorCode.BadField)]
    [InlineData("0200AA", GbcsErrorCode.UnexpectedTag)]
    [InlineData("03", GbcsErrorCode.Truncated)]
    [InlineData("0330", GbcsErrorCode.UnexpectedTag)]
    public void Malformed_payloads_raise_typed_errors(string hex, GbcsErrorCode code)
    {
        var b = hex.Length == 0 ? Array.Empty<byte>() : Hex.Decode(hex);
        var e = Assert.Throws<GbcsFormatException>(() => TunnelFrame.Decode(b, 0, b.Length));
        Assert.Equal(code, e.Code);
    }

    [Fact]
    public void Encode_refuses_inconsistent_requests()
    {
        Assert.Throws<ArgumentException>(() => TunnelFrame.Encode(TunnelCommand.Get, 0, Gbcs, 0, Gbcs.Length));
        Assert.Throws<ArgumentException>(() => TunnelFrame.Encode(TunnelCommand.Put, 0, Gbcs, 0, 0));
        Assert.Throws<ArgumentException>(() => TunnelFrame.Encode(TunnelCommand.Put, 0, Gbcs, 0, Gbcs.Length, new byte[Gbcs.Length], 0));
    }

    [Fact]
    public void Every_truncation_of_a_put_decodes_or_fails_typed()
    {
        var wire = TunnelFrame.Encode(TunnelCommand.Put, 0, Gbcs, 0, Gbcs.Length);
        for (int n = 0; n <= wire.Length; n++)
        {
            try
            {
                var f = TunnelFrame.Decode(wire, 0, n);
                Assert.Equal(n - 1, f.MessageLength);
            }
            catch (GbcsFormatException)
            {
                Assert.True(n < 2);
            }
        }
    }
}
