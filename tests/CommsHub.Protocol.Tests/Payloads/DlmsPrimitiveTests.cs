using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using Xunit;

namespace CommsHub.Protocol.Tests.Payloads;

public class DlmsPrimitiveTests
{
    [Theory]
    [InlineData("0-0:30.3.0.255", 0x00001E0300FFUL)]
    [InlineData("0-0:99.98.0.255", 0x0000636200FFUL)]
    [InlineData("255-255:255.255.255.255", 0xFFFFFFFFFFFFUL)]
    public void Obis_text_round_trips(string text, ulong value)
    {
        Assert.Equal(value, Obis.Parse(text));
        Assert.Equal(text, Obis.ToText(value));
        Assert.Equal(value, Obis.Read(Obis.ToBytes(value), 0));
    }

    [Theory]
    [InlineData("0-0:30.3.0")]
    [InlineData("0-0:30.3.0.256")]
    [InlineData("0.0:30.3.0.255")]
    [InlineData("0-0:30.3.0.255.1")]
    [InlineData("")]
    public void Obis_rejects_bad_text(string text) => Assert.Throws<FormatException>(() => Obis.Parse(text));

    [Theory]
    [InlineData("0F DD", -35)]
    [InlineData("0F 7F", 127)]
    [InlineData("11 F7", 247)]
    [InlineData("10 FF FE", -2)]
    [InlineData("12 8F 12", 0x8F12)]
    [InlineData("05 FF FF FF FF", -1)]
    [InlineData("06 1C 35 F9 00", 473299200)]
    [InlineData("14 80 00 00 00 00 00 00 00", long.MinValue)]
    [InlineData("15 FF FF FF FF FF FF FF FF", -1)] // long64-unsigned keeps the bit pattern
    [InlineData("03 FF", 0xFF)]
    [InlineData("16 01", 1)]
    public void Integer_values_decode_and_reencode(string hex, long value)
    {
        var b = Hex.Decode(hex);
        var d = DlmsDataReader.Read(b, 0, b.Length);
        Assert.Equal(value, d.Value);
        Assert.Equal(b, DlmsDataWriter.ToBytes(d));
    }

    [Fact]
    public void Built_items_encode_like_rtds()
    {
        Assert.Equal("0FDD", Hex.Encode(DlmsDataWriter.ToBytes(DlmsData.Integer(-35))));
        Assert.Equal("03FF", Hex.Encode(DlmsDataWriter.ToBytes(DlmsData.Boolean(true))));
        Assert.Equal("04 08 C8".Replace(" ", ""), Hex.Encode(DlmsDataWriter.ToBytes(DlmsData.BitString(new byte[] { 0xC8 }, 8))));
        Assert.Equal("0A03414243", Hex.Encode(DlmsDataWriter.ToBytes(DlmsData.VisibleString("ABC"))));
        Assert.Equal("0908" + "00DB1234567890A0", Hex.Encode(DlmsDataWriter.ToBytes(DlmsData.OctetString(0x00DB1234567890A0UL))));
        var big = DlmsData.OctetString(new byte[200]);
        Assert.StartsWith("0981C8", Hex.Encode(DlmsDataWriter.ToBytes(big)));
    }

    [Fact]
    public void Compact_array_round_trips()
    {
        // ECS35d-like: {double-long-unsigned, long-unsigned} x 2
        var b = Hex.Decode("13 02 02 06 12 0C 1C 35 F9 00 8F 12 1C 36 02 FD 81 55");
        var d = DlmsDataReader.Read(b, 0, b.Length);
        Assert.Equal(2, d.Children.Length);
        Assert.Equal(0x8F12, d.Children[0].Children[1].Value);
        Assert.Equal(b, DlmsDataWriter.ToBytes(d));
        // An array description inside: 2 x {3 unsigned}.
        var a = Hex.Decode("13 01 00 03 11 06 01 02 03 04 05 06");
        var e = DlmsDataReader.Read(a, 0, a.Length);
        Assert.Equal(2, e.Children.Length);
        Assert.Equal(6, e.Children[1].Children[2].Value);
        Assert.Equal(a, DlmsDataWriter.ToBytes(e));
    }

    [Fact]
    public void Date_time_fields_and_conversions()
    {
        var b = Hex.Decode("07 DE 0C 1F 03 17 32 00 00 80 00 FF");
        var t = DlmsDateTime.Decode(b, 0);
        Assert.Equal(2014, t.Year);
        Assert.Equal(12, t.Month);
        Assert.Equal(31, t.Day);
        Assert.Equal(23, t.Hour);
        Assert.Equal(50, t.Minute);
        Assert.Equal(DlmsDateTime.DeviationNotSpecified, t.Deviation);
        Assert.Equal(0xFF, t.ClockStatus);
        Assert.Equal(b, t.ToBytes());
        Assert.Equal(new DateTime(2014, 12, 31, 23, 50, 0), t.ToUtc());
        var wild = DlmsDateTime.Decode(Hex.Decode("07 DF 01 01 FF 00 00 00 00 80 00 FF"), 0);
        Assert.True(wild.IsFullySpecified); // only day-of-week is a wildcard
        var u = DlmsDateTime.FromUtc(new DateTime(2015, 1, 1));
        Assert.Equal(4, u.DayOfWeek); // Thursday
        Assert.Equal(473299200u, DlmsDateTime.SecondsSince2000(new DateTime(2014, 12, 31)));
        Assert.Equal(new DateTime(2000, 1, 1), DlmsDateTime.FromSecondsSince2000(0));
    }

    [Fact]
    public void Ccs01_built_from_fields_matches_the_gbcs_md_example()
    {
        // GBCS.md §4: register_device {EUI A0, enum 1, "0123456789ABCDEF", enum 0}, join timeout 90, enable joining.
        var c = new UseCases.Ccs01AddDevice
        {
            LongInvokeIdAndPriority = AccessRequest.InvokeIdFor(0x516),
            DeviceId = 0x00DB1234567890A0UL,
            DeviceType = 1,
            InstallCode = System.Text.Encoding.ASCII.GetBytes("0123456789ABCDEF"),
            KeyType = 0,
            JoinTimeout = 90,
            EnableJoining = true,
        };
        var hex = Hex.Encode(c.Encode());
        Assert.StartsWith("D92000051600030300680000" + "1E0300FF01", hex);
        Assert.EndsWith("1200" + "5A" + "03FF", hex);
        var back = UseCases.Ccs01AddDevice.Decode(c.Encode(), 0, c.Encode().Length);
        Assert.Equal(c.DeviceId, back.DeviceId);
        Assert.Equal(c.InstallCode, back.InstallCode);
    }
}
