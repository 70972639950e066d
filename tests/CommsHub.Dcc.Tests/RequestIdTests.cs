using CommsHub.Dcc.Duis;
using Xunit;

namespace CommsHub.Dcc.Tests;

public class RequestIdTests
{
    [Fact]
    public void Parses_the_DUIS_form()
    {
        var id = RequestId.Parse("90-B3-D5-1F-30-01-00-00:00-db-12-34-56-78-90-a2:1002");
        Assert.Equal(0x90B3D51F30010000UL, id.Originator);
        Assert.Equal(0x00DB1234567890A2UL, id.Target);
        Assert.Equal(1002UL, id.Counter);
        Assert.Equal("90B3D51F30010000", id.OriginatorHex);
        Assert.Equal("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A2:1002", id.ToString());
    }

    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    [InlineData("1660751141087", 1660751141087UL)]
    public void Counter_covers_0_to_2_pow_64_minus_1(string counter, ulong expected) =>
        Assert.Equal(expected, RequestId.Parse($"90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:{counter}").Counter);

    [Theory]
    [InlineData("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:18446744073709551616", "2^64")]   // overflow
    [InlineData("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:99999999999999999999999", "2^64")]
    [InlineData("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:-1", "counter")]
    [InlineData("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:+1", "counter")]
    [InlineData("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:007", "leading zeros")]
    [InlineData("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:", "counter")]
    [InlineData("90-B3-D5-1F-30-01-00:00-DB-12-34-56-78-90-A0:1", "originator")]       // 7 octets
    [InlineData("90B3D51F30010000:00-DB-12-34-56-78-90-A0:1", "originator")]            // no dashes
    [InlineData("90-B3-D5-1F-30-01-00-0G:00-DB-12-34-56-78-90-A0:1", "originator")]     // not hex
    [InlineData("90-B3-D5-1F-30-01-00-00:00:DB-12-34-56-78-90-A0:1", "originator:target:counter")]
    [InlineData("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90_A0:1", "target")]
    [InlineData("90-B3-D5-1F-30-01-00-00", "originator:target:counter")]
    [InlineData("", "empty")]
    public void Bad_request_ids_give_a_typed_error(string text, string messagePart)
    {
        var ex = Assert.Throws<DuisRejectedException>(() => RequestId.Parse(text));
        Assert.Equal(DuisRejectReason.BadHeader, ex.Reason);
        Assert.Contains(messagePart, ex.Message);
    }
}
