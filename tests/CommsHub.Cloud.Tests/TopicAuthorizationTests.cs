using CommsHub.Cloud.Mqtt;
using Xunit;

namespace CommsHub.Cloud.Tests;

public sealed class TopicAuthorizationTests
{
    private static readonly MqttPrincipal HubA = new(MqttPrincipalKind.Hub, 0x02C04B10000001A2);
    private static readonly MqttPrincipal UserA = new(MqttPrincipalKind.User, 0x02C04B0000010000);

    [Theory]
    [InlineData("chub/02C04B10000001A2/up", true)]
    [InlineData("chub/02C04B10000001A2/status", true)]
    [InlineData("chub/02C04B10000001A2/down", false)]
    [InlineData("chub/02C04B10000002A2/up", false)]
    [InlineData("chub/02c04b10000001a2/up", false)]
    [InlineData("dcc/users/02C04B10000001A2/requests", false)]
    public void Hub_publish(string topic, bool allowed) => Assert.Equal(allowed, TopicAuthorization.MayPublish(HubA, topic));

    [Theory]
    [InlineData("chub/02C04B10000001A2/down", true)]
    [InlineData("chub/02C04B10000002A2/down", false)]
    [InlineData("chub/+/down", false)]
    [InlineData("chub/02C04B10000001A2/#", false)]
    [InlineData("#", false)]
    public void Hub_subscribe(string filter, bool allowed) => Assert.Equal(allowed, TopicAuthorization.MaySubscribe(HubA, filter));

    [Theory]
    [InlineData("dcc/users/02C04B0000010000/requests", true, false)]
    [InlineData("dcc/users/02C04B0000010000/responses", false, true)]
    [InlineData("dcc/users/02C04B0000020000/responses", false, false)]
    [InlineData("dcc/users/+/responses", false, false)]
    [InlineData("chub/02C04B10000001A2/down", false, false)]
    public void User_topics(string topic, bool publish, bool subscribe)
    {
        Assert.Equal(publish, TopicAuthorization.MayPublish(UserA, topic));
        Assert.Equal(subscribe, TopicAuthorization.MaySubscribe(UserA, topic));
    }

    [Fact]
    public void Adapter_may_do_everything()
    {
        Assert.True(TopicAuthorization.MayPublish(MqttPrincipal.Adapter, "chub/02C04B10000001A2/down"));
        Assert.True(TopicAuthorization.MaySubscribe(MqttPrincipal.Adapter, "chub/+/up"));
    }

    [Theory]
    [InlineData("dcc/users/02C04B0000010000/requests", 0x02C04B0000010000UL)]
    [InlineData("dcc/users/02c04b0000010000/requests", null)]
    [InlineData("dcc/users/02C04B000001000/requests", null)]
    [InlineData("dcc/users/02C04B0000010000/responses", null)]
    public void Requests_topic_user(string topic, ulong? user) => Assert.Equal(user, TopicAuthorization.RequestsTopicUser(topic));
}
