using CommsHub.Protocol.Wan;
using Xunit;

namespace CommsHub.Firmware.Han.Tests.Wan;

public class WanTopicsTests
{
    private const ulong Hub = 0x00DB1234567890A2;

    [Fact]
    public void Topics_follow_the_contract_with_upper_case_eui()
    {
        Assert.Equal("chub/00DB1234567890A2/down", WanTopics.Down(Hub));
        Assert.Equal("chub/00DB1234567890A2/up", WanTopics.Up(Hub));
        Assert.Equal("chub/00DB1234567890A2/status", WanTopics.Status(Hub));
        Assert.Equal("chub/00DB1234567890A2/ota/image", WanTopics.Ota(Hub, "image"));
        Assert.Equal("chub/00DB1234567890A2/ota/#", WanTopics.OtaFilter(Hub));
        Assert.Equal("chub/00000000000000AB/up", WanTopics.Up(0xAB));
    }

    [Theory]
    [InlineData("chub/00DB1234567890A2/down", WanTopicKind.Down)]
    [InlineData("chub/00DB1234567890A2/up", WanTopicKind.Up)]
    [InlineData("chub/00DB1234567890A2/status", WanTopicKind.Status)]
    [InlineData("chub/00DB1234567890A2/ota/image/3", WanTopicKind.Ota)]
    public void Classify_recognises_each_topic(string topic, WanTopicKind kind)
    {
        Assert.Equal(kind, WanTopics.Classify(topic, out var eui));
        Assert.Equal(Hub, eui);
    }

    [Theory]
    [InlineData("chub/00db1234567890a2/down")] // lower case would alias the hub's ACL entry
    [InlineData("chub/00DB1234567890A/down")]
    [InlineData("chub/00DB1234567890A2X/down")]
    [InlineData("chub/00DB1234567890A2/downx")]
    [InlineData("chub/00DB1234567890A2/ota")]
    [InlineData("chub/00DB1234567890A2/ota/")]
    [InlineData("dcc/users/00DB1234567890A2/requests")]
    [InlineData("chub/00DB1234567890A2")]
    [InlineData("")]
    public void Classify_rejects_anything_else(string topic)
    {
        Assert.Equal(WanTopicKind.None, WanTopics.Classify(topic, out var eui));
        Assert.Equal(0UL, eui);
    }

    [Fact]
    public void Ota_subtopics_cannot_carry_wildcards()
    {
        Assert.Throws<ArgumentException>(() => WanTopics.Ota(Hub, "#"));
        Assert.Throws<ArgumentException>(() => WanTopics.Ota(Hub, "a/+"));
        Assert.Throws<ArgumentException>(() => WanTopics.Ota(Hub, ""));
    }
}
