using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Mqtt.External;
using CommsHub.Cloud.Mqtt.Mosquitto;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using MQTTnet;
using Xunit;

namespace CommsHub.Cloud.Tests.Mosquitto;

/// <summary>
/// The adapter's share group on an external broker is not a name others can join. Mosquitto's <c>acl_file</c> (the
/// legacy <c>--access-control acl-file</c>) grants every subscription and checks only delivery, and a shared
/// subscription's message goes to one member in turn: a user who joined the group under the public default name took
/// every second request of every user (denied at delivery, so dropped after the broker had acknowledged it to its
/// sender), and likewise hubs' up frames. The default set-up (the dynamic security plugin) refuses the subscription.
/// </summary>
public sealed class ExternalBrokerShareGroupTests
{
    [MosquittoFact]
    public async Task A_user_subscribing_to_the_documented_share_group_takes_no_request_from_the_adapter()
    {
        await using var rig = await MosquittoRig.StartAsync(ExternalBrokerModeTests.Provision, MosquittoAccessControl.AclFile);
        await rig.StartAdapterAsync(rig.AdapterArguments("adapter-share", "commshub.db"));
        var intruder = Eui64.ToText(DemoIdentities.NetworkOperator);
        await using var other = await MqttTestClient.ConnectAsync(rig.Port, intruder, rig.Credentials.SecretOf(intruder), intruder);
        foreach (var filter in ExternalBrokerTopics.SharedFilters(ExternalBrokerTopics.LegacyShareGroup))
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await other.SubscribeAsync(filter));

        var supplier = ExternalBrokerModeTests.Supplier;
        await using var user = await MqttTestClient.ConnectAsync(rig.Port, supplier, rig.Credentials.SecretOf(supplier), supplier);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier)));
        const int Requests = 10;
        var start = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        for (var i = 0; i < Requests; i++)
        {
            var request = ExternalBrokerModeTests.SignedRead(rig.DataDirectory, start + (ulong)i);
            Assert.Equal(MqttClientPublishReasonCode.Success, await user.PublishAsync(TopicAuthorization.UserRequests(DemoIdentities.Supplier), request));
        }

        var answered = new HashSet<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (answered.Count < Requests && !deadline.IsCancellationRequested && user.Next(TimeSpan.FromSeconds(10)) is { } message)
            answered.Add(ExternalBrokerModeTests.RequestIdOf(DuisResponses.VerifyDspSigned(rig.DataDirectory, message.Payload))!);
        Assert.Equal(Requests, answered.Count);
        Assert.Null(other.Next(TimeSpan.FromMilliseconds(200)));
    }

    [MosquittoFact]
    public async Task With_the_default_set_up_a_user_or_hub_cannot_join_any_share_group_of_the_adapters_topics()
    {
        await using var rig = await MosquittoRig.StartAsync(ExternalBrokerModeTests.Provision);
        var secret = ExternalBrokerTopics.SecretShareGroup(rig.Credentials.SecretOf(MqttCredentials.AdapterUser)!);
        foreach (var name in new[] { Eui64.ToText(DemoIdentities.NetworkOperator), rig.Credentials.Entries.First(e => e.Kind == MqttPrincipalKind.Hub).Username })
        {
            await using var other = await MqttTestClient.ConnectAsync(rig.Port, name, rig.Credentials.SecretOf(name), name);
            foreach (var filter in ExternalBrokerTopics.SharedFilters(ExternalBrokerTopics.LegacyShareGroup).Concat(ExternalBrokerTopics.SharedFilters(secret)))
                Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await other.SubscribeAsync(filter));
        }
        // The adapter account may.
        await using var adapter = await MqttTestClient.ConnectAsync(rig.Port, MqttCredentials.AdapterUser, rig.Credentials.SecretOf(MqttCredentials.AdapterUser), "adapter-share");
        foreach (var filter in ExternalBrokerTopics.Filters(secret))
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await adapter.SubscribeAsync(filter));
    }

    [Fact]
    public void The_derived_share_group_is_the_same_for_one_password_and_differs_between_passwords()
    {
        var group = ExternalBrokerTopics.SecretShareGroup("secret-1");
        Assert.Equal(group, ExternalBrokerTopics.SecretShareGroup("secret-1"));
        Assert.NotEqual(group, ExternalBrokerTopics.SecretShareGroup("secret-2"));
        Assert.DoesNotContain("secret", group, StringComparison.Ordinal);
        Assert.True(group.IndexOfAny(['/', '+', '#', ' ']) < 0, group);
    }
}
