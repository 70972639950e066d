using System.Text;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using MQTTnet;
using Xunit;
using static CommsHub.Cloud.Tests.TestHubs;

namespace CommsHub.Cloud.Tests;

/// <summary>The embedded broker enforces DESIGN.md's topic authorisation for real MQTTnet clients over loopback.</summary>
[Collection(CloudCollection.Name)]
public sealed class BrokerAuthorizationTests(CloudFixture cloud)
{
    private Task<MqttTestClient> Connect(ulong eui, string? clientId = null) =>
        MqttTestClient.ConnectAsync(cloud.MqttPort, Eui64.ToText(eui), cloud.Credentials.SecretOf(Eui64.ToText(eui)), clientId);

    private Task<MqttTestClient> ConnectAdapter() =>
        MqttTestClient.ConnectAsync(cloud.MqttPort, MqttCredentials.AdapterUser, cloud.Credentials.SecretOf(MqttCredentials.AdapterUser), "test-adapter");

    [SharedDataFact]
    public async Task A_hub_cannot_publish_to_another_hubs_up_topic_and_nothing_is_delivered()
    {
        await using var adapter = await ConnectAdapter();
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await adapter.SubscribeAsync("chub/+/up"));
        await using var hub = await Connect(HubA);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await hub.PublishAsync($"chub/{Eui64.ToText(HubB)}/up", "spoofed"));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await hub.PublishAsync($"chub/{Eui64.ToText(HubA)}/down", "wrong way"));
        Assert.Equal(MqttClientPublishReasonCode.Success, await hub.PublishAsync($"chub/{Eui64.ToText(HubA)}/up", "own"));

        // QoS 1 from one client is delivered in order: if the spoofed message had got through it would come first.
        var first = adapter.Next();
        Assert.NotNull(first);
        Assert.Equal($"chub/{Eui64.ToText(HubA)}/up", first.Value.Topic);
        Assert.Equal("own", Encoding.UTF8.GetString(first.Value.Payload));
        // And nothing after it: a marker published last by the same hub is the very next message.
        Assert.Equal(MqttClientPublishReasonCode.Success, await hub.PublishAsync($"chub/{Eui64.ToText(HubA)}/up", "marker"));
        var next = adapter.Next();
        Assert.NotNull(next);
        Assert.Equal("marker", Encoding.UTF8.GetString(next.Value.Payload));
    }

    [SharedDataFact]
    public async Task A_hub_cannot_subscribe_to_another_hubs_down_topic_or_wildcards()
    {
        await using var hub = await Connect(HubA);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await hub.SubscribeAsync($"chub/{Eui64.ToText(HubB)}/down"));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await hub.SubscribeAsync("chub/+/down"));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await hub.SubscribeAsync("#"));
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await hub.SubscribeAsync($"chub/{Eui64.ToText(HubA)}/down"));
    }

    [SharedDataFact]
    public async Task A_user_cannot_subscribe_to_another_users_responses()
    {
        await using var user = await Connect(DemoIdentities.Supplier);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized,
            await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.NetworkOperator)));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await user.SubscribeAsync("dcc/users/+/responses"));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized,
            await user.PublishAsync(TopicAuthorization.UserRequests(DemoIdentities.NetworkOperator), "<x/>"));
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier)));
    }

    [SharedDataFact]
    public async Task Wrong_password_unknown_user_and_borrowed_client_id_are_refused()
    {
        var wrong = await Assert.ThrowsAsync<MqttRefusedException>(() => MqttTestClient.ConnectAsync(cloud.MqttPort, Eui64.ToText(HubA), "wrong"));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, wrong.Code);
        await Assert.ThrowsAsync<MqttRefusedException>(() => MqttTestClient.ConnectAsync(cloud.MqttPort, "0000000000000001", "x"));
        await Assert.ThrowsAsync<MqttRefusedException>(() => MqttTestClient.ConnectAsync(cloud.MqttPort, Eui64.ToText(HubA), null));
        // Hub A's secret with hub B's client id would evict hub B's session: refused.
        var borrowed = await Assert.ThrowsAsync<MqttRefusedException>(() => Connect(HubA, Eui64.ToText(HubB)));
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, borrowed.Code);
        await using var ok = await Connect(HubA, Eui64.ToText(HubA) + "-diag");
        Assert.True(ok.Client.IsConnected);
    }

    [SharedDataFact]
    public async Task A_signed_request_on_the_mqtt_path_gets_a_signed_response_on_the_users_topic()
    {
        await using var user = await Connect(DemoIdentities.Supplier, Eui64.ToText(DemoIdentities.Supplier) + "-duis");
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier)));
        var request = DuisRequests.Signed(cloud.DataDirectory, DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier);
        Assert.Equal(MqttClientPublishReasonCode.Success, await user.PublishAsync(TopicAuthorization.UserRequests(DemoIdentities.Supplier), request));

        var response = user.Next();
        Assert.NotNull(response);
        Assert.Equal(TopicAuthorization.UserResponses(DemoIdentities.Supplier), response.Value.Topic);
        var doc = DuisResponses.VerifyDspSigned(cloud, response.Value.Payload);
        Assert.Equal("I99", DuisResponses.Code(doc));
    }
}
