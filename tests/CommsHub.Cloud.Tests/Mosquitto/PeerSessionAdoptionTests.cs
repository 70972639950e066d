using CommsHub.Cloud.Demo;
using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Mqtt.External;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit;

namespace CommsHub.Cloud.Tests.Mosquitto;

/// <summary>
/// A dead instance's share does not wait for it (issue 14, <c>instance-kill</c>): Mosquitto keeps handing shared
/// subscriptions' messages to an offline persistent session, so requests published after an instance died sit in its
/// session. The surviving instance sees the dead one's last will on its presence topic, takes its session over, handles
/// what is there and deletes the session (<see cref="PeerSessionAdoption"/>).
/// </summary>
public sealed class PeerSessionAdoptionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private const string DeadPeer = "adapter-dead";

    private static void Provision(string dir) =>
        ((IDisposable)CloudApp.Create(CloudFixture.LoopbackArguments(dir, "--Logging:LogLevel:Default=Critical"), console: TextWriter.Null)).Dispose();

    // MQTT 5 on the rig's broker under the adapter account, with the dead instance's client id.
    private static MqttClientOptionsBuilder AsDeadPeer(MosquittoRig rig) =>
        new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", rig.Port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(DeadPeer).WithCredentials(MqttCredentials.AdapterUser, rig.Credentials.SecretOf(MqttCredentials.AdapterUser));

    // An instance in the share group as the adapter makes one (persistent session, the shared filters, a presence with a
    // last will), which then dies: MQTT 5's "disconnect with will message" has the broker treat it as a lost connection.
    private static async Task DieAfterJoiningTheShareGroupAsync(MosquittoRig rig)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = AsDeadPeer(rig).WithCleanStart(true).WithSessionExpiryInterval(3600)
            .WithWillTopic(AdapterPresence.Topic(DeadPeer)).WithWillPayload(AdapterPresence.Offline).WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        Assert.Equal(MqttClientConnectResultCode.Success, (await client.ConnectAsync(options)).ResultCode);
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in ExternalBrokerTopics.Filters(ExternalBrokerTopics.SecretShareGroup(rig.Credentials.SecretOf(MqttCredentials.AdapterUser)!))) subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        await client.SubscribeAsync(subscribe.Build());
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(AdapterPresence.Topic(DeadPeer)).WithPayload(AdapterPresence.Online)
            .WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.DisconnectWithWillMessage).Build());
    }

    [MosquittoFact]
    public async Task Requests_parked_in_a_dead_instances_session_are_answered_by_the_survivor_and_the_session_is_deleted()
    {
        await using var rig = await MosquittoRig.StartAsync(Provision);
        await DieAfterJoiningTheShareGroupAsync(rig);

        var supplier = Eui64.ToText(DemoIdentities.Supplier);
        await using var user = await MqttTestClient.ConnectAsync(rig.Port, supplier, rig.Credentials.SecretOf(supplier), supplier);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier)));
        // Published while the dead instance is the share group's only member: the broker parks every one in its session.
        const int Requests = 6;
        var ids = new HashSet<string>();
        var start = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000 + 999;
        for (var i = 0; i < Requests; i++)
        {
            var request = ExternalBrokerModeTests.SignedRead(rig.DataDirectory, start + (ulong)i);
            ids.Add(ExternalBrokerModeTests.RequestIdOf(SecureXml.Load(request))!);
            Assert.Equal(MqttClientPublishReasonCode.Success, await user.PublishAsync(TopicAuthorization.UserRequests(DemoIdentities.Supplier), request));
        }

        var survivor = await rig.StartAdapterAsync(rig.AdapterArguments("adapter-live", "live.db"));
        var answered = new HashSet<string>();
        while (!answered.SetEquals(ids) && user.Next(Wait) is { } message)
        {
            if (ExternalBrokerModeTests.RequestIdOf(DuisResponses.VerifyDspSigned(rig.DataDirectory, message.Payload)) is { } id) answered.Add(id);
        }
        Assert.Equal(ids.Order(), answered.Order());

        // Drained and deleted: a connect under the dead instance's id finds no session.
        var client = survivor.Services.GetRequiredService<ExternalBrokerClient>();
        var deadline = DateTime.UtcNow + Wait;
        while (client.PeerSessionsDrained == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(1, client.PeerSessionsDrained);
        using var probe = new MqttClientFactory().CreateMqttClient();
        var result = await probe.ConnectAsync(AsDeadPeer(rig).WithCleanStart(false).WithSessionExpiryInterval(0).Build());
        Assert.False(result.IsSessionPresent, "the dead instance's session is still on the broker");
        await probe.DisconnectAsync();
    }
}
