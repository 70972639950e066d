using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;
using Xunit;

namespace CommsHub.Protocol.Tests.Payloads;

/// <summary>
/// The 0x00D5 / 0x8F84 alert's Remote Party Message (issue 13): 25 bytes, Business Originator ID (8), Business Target
/// ID (8), CRA flag (1), Originator Counter (8), as gbcs-parser's <c>parseRemotePartyMessage</c> reads it.
/// </summary>
public class FailureToDeliverAlertTests
{
    private static readonly DlmsDateTime Time = DlmsDateTime.FromUtc(new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc));

    private static readonly FailureToDeliverAlert Sample = new()
    {
        BusinessOriginator = 0x90B3D51F30010000, BusinessTarget = 0x00DB1234567890A1, Cra = CraFlag.Command, OriginatorCounter = 0x0102030405060708,
    };

    [Fact]
    public void The_body_is_the_25_byte_remote_party_message_field_by_field()
    {
        var body = Sample.ToBody();
        Assert.Equal(FailureToDeliverAlert.BodyLength, body.Length);
        Assert.Equal("90B3D51F30010000", Hex.Encode(body[..8]));
        Assert.Equal("00DB1234567890A1", Hex.Encode(body[8..16]));
        Assert.Equal(0x01, body[16]);
        Assert.Equal("0102030405060708", Hex.Encode(body[17..]));
        // In the alert it is the one item after the alert code and time stamp: an octet string of 25 (09 19).
        var payload = DataNotification.Alert(7, FailureToDeliverAlert.AlertCode, Time, [Sample.ToData()]).Encode();
        Assert.Equal("0919" + Hex.Encode(body), Hex.Encode(payload[^27..]));
    }

    [Fact]
    public void It_decodes_back_from_the_alert()
    {
        var payload = DataNotification.Alert(7, FailureToDeliverAlert.AlertCode, Time, [Sample.ToData()]).Encode();
        var read = FailureToDeliverAlert.Decode(payload, 0, payload.Length);
        Assert.Equal((Sample.BusinessOriginator, Sample.BusinessTarget, Sample.Cra, Sample.OriginatorCounter),
            (read.BusinessOriginator, read.BusinessTarget, read.Cra, read.OriginatorCounter));
    }

    [Fact]
    public void The_earlier_18_byte_body_and_other_alerts_are_refused_with_a_format_error()
    {
        var old = DataNotification.Alert(7, FailureToDeliverAlert.AlertCode, Time, [DlmsData.OctetString(new byte[18])]).Encode();
        Assert.Throws<GbcsFormatException>(() => FailureToDeliverAlert.Decode(old, 0, old.Length));
        var other = DataNotification.Alert(7, 0x8F12, Time, [Sample.ToData()]).Encode();
        Assert.Throws<GbcsFormatException>(() => FailureToDeliverAlert.Decode(other, 0, other.Length));
    }
}
