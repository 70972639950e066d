using CommsHub.Cloud.Configuration;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using MQTTnet;
using Xunit;
using static CommsHub.Cloud.Tests.TestHubs;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// The broker's PUBLISH size cap (issue 11, item 7): an oversized publish is dropped, logged and its client disconnected,
/// and the broker goes on serving the others.
/// </summary>
[Collection(CloudCollection.Name)]
public sealed class PublishSizeLimitTests(CloudFixture cloud)
{
    private static readonly MqttPrincipal Hub = new(MqttPrincipalKind.Hub, HubA);
    private static readonly MqttPrincipal User = new(MqttPrincipalKind.User, DemoIdentities.Supplier);

    private static readonly MqttClientPublishReasonCode[] Accepted = [MqttClientPublishReasonCode.Success, MqttClientPublishReasonCode.NoMatchingSubscribers];

    private static MqttApplicationMessage Message(string topic, int payload) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(new byte[payload]).Build();

    [Fact]
    public void Hubs_get_the_frame_sized_cap_users_the_duis_body_cap_and_the_adapter_none()
    {
        var limit = new PublishSizeLimit(new MqttSettings(), new HttpSettings());
        var up = $"chub/{Eui64.ToText(HubA)}/up";
        Assert.Null(limit.Refusal(Hub, Message(up, 65_535)));
        Assert.NotNull(limit.Refusal(Hub, Message(up, 68 * 1024)));
        var requests = TopicAuthorization.UserRequests(DemoIdentities.Supplier);
        Assert.Null(limit.Refusal(User, Message(requests, 1024 * 1024)));
        Assert.Contains("DUIS request of 1048577 bytes exceeds 1048576", limit.Refusal(User, Message(requests, 1024 * 1024 + 1)));
        Assert.Null(limit.Refusal(MqttPrincipal.Adapter, Message(up, 10 * 1024 * 1024)));
    }

    [Fact]
    public void Properties_count_toward_the_size()
    {
        var message = new MqttApplicationMessageBuilder().WithTopic("chub/X/up").WithPayload(new byte[10])
            .WithUserProperty("name", new ReadOnlyMemory<byte>(new byte[100])).WithCorrelationData(new byte[7]).WithResponseTopic("r").Build();
        Assert.Equal(9 + 10 + 4 + 100 + 7 + 1, PublishSizeLimit.SizeOf(message));
        var limit = new PublishSizeLimit(new MqttSettings { MaxHubPacketBytes = 1024 }, new HttpSettings());
        var padded = new MqttApplicationMessageBuilder().WithTopic("chub/X/up").WithPayload(new byte[10])
            .WithUserProperty("p", new ReadOnlyMemory<byte>(new byte[2000])).Build();
        Assert.NotNull(limit.Refusal(Hub, padded));
    }

    [SharedDataFact]
    public async Task A_10_MB_publish_on_a_hubs_up_topic_is_dropped_logged_and_disconnects_only_that_hub()
    {
        var a = Eui64.ToText(HubA);
        var b = Eui64.ToText(HubB);
        await using var other = await MqttTestClient.ConnectAsync(cloud.MqttPort, b, cloud.Credentials.SecretOf(b));
        await using var hub = await MqttTestClient.ConnectAsync(cloud.MqttPort, a, cloud.Credentials.SecretOf(a));
        var disconnected = new TaskCompletionSource<MqttClientDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Client.DisconnectedAsync += e =>
        {
            disconnected.TrySetResult(e);
            return Task.CompletedTask;
        };

        var publish = hub.PublishAsync($"chub/{a}/up", new byte[10 * 1024 * 1024]);
        await disconnected.Task.WaitAsync(MqttTestClient.Timeout);
        await Assert.ThrowsAnyAsync<Exception>(() => publish); // no PUBACK: the connection went first

        Assert.Contains(cloud.Logs.Lines, l => l.Contains($"MQTT PUBLISH dropped and client disconnected: hub {a} (client {a}) on chub/{a}/up", StringComparison.Ordinal)
            && l.Contains("exceeds 69632", StringComparison.Ordinal));
        Assert.True(other.Client.IsConnected);
        // Accepted (nobody subscribes to status here, hence NoMatchingSubscribers).
        Assert.Contains(await other.PublishAsync($"chub/{b}/status", "{\"state\":\"online\"}"), Accepted);
        await using var again = await MqttTestClient.ConnectAsync(cloud.MqttPort, a, cloud.Credentials.SecretOf(a), a + "-again");
        Assert.Contains(await again.PublishAsync($"chub/{a}/status", "{\"state\":\"online\"}"), Accepted);
    }

    [SharedDataFact]
    public async Task A_duis_request_over_the_http_body_cap_on_mqtt_is_dropped_and_disconnects_the_user()
    {
        var user = Eui64.ToText(DemoIdentities.Supplier);
        await using var client = await MqttTestClient.ConnectAsync(cloud.MqttPort, user, cloud.Credentials.SecretOf(user), user + "-big");
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Client.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };

        var publish = client.PublishAsync(TopicAuthorization.UserRequests(DemoIdentities.Supplier), new byte[1024 * 1024 + 1]);
        await disconnected.Task.WaitAsync(MqttTestClient.Timeout);
        await Assert.ThrowsAnyAsync<Exception>(() => publish);

        Assert.Contains(cloud.Logs.Lines, l => l.Contains($"(client {user}-big)", StringComparison.Ordinal)
            && l.Contains("DUIS request of 1048577 bytes exceeds 1048576", StringComparison.Ordinal));
    }
}
