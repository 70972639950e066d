using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Mqtt.Mosquitto;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using MQTTnet;
using Xunit;

namespace CommsHub.Cloud.Tests.Mosquitto;

/// <summary>
/// The ACL <c>commshub broker mosquitto-config</c> writes, enforced by a real Mosquitto: DESIGN.md's rules (a hub reads
/// only its own <c>down</c>, a user reads only its own responses and publishes only its own requests).
/// Mosquitto 2.0 grants a subscription its ACL denies and then filters each message at delivery, so "cannot read" is
/// proven by order: the intruder also subscribes to its own topic, and a message published there after the other party's
/// message reaches it while the other party's never does (Mosquitto delivers one client's messages in order).
/// </summary>
public sealed class MosquittoAclTests
{
    private const ulong UserA = 0x02C04B0000010000;
    private const ulong UserB = 0x02C04B0000020000;

    private static Task<MosquittoRig> StartAsync() => MosquittoRig.StartAsync(dir =>
        MqttCredentials.LoadOrCreate(Path.Combine(dir, "mqtt", "credentials.json"), [TestHubs.HubA, TestHubs.HubB], [UserA, UserB]));

    private static Task<MqttTestClient> AsAsync(MosquittoRig rig, string username, string? clientId = null) =>
        MqttTestClient.ConnectAsync(rig.Port, username, rig.Credentials.SecretOf(username), clientId ?? username);

    // Publishes `other` to the intruder's forbidden topic, then `own` to its own; returns what the intruder got, in order,
    // once `own` arrived (so the forbidden one, had it been delivered, would have come first).
    private static async Task<List<string>> ReceivedUpToOwnAsync(MqttTestClient adapter, MqttTestClient intruder, string forbidden, string own)
    {
        Assert.Equal(MqttClientPublishReasonCode.Success, await adapter.PublishAsync(forbidden, "other"));
        Assert.Equal(MqttClientPublishReasonCode.Success, await adapter.PublishAsync(own, "own"));
        var got = new List<string>();
        while (intruder.Next(MqttTestClient.Timeout) is { } message)
        {
            got.Add(message.Topic);
            if (message.Topic == own) break;
        }
        return got;
    }

    [MosquittoFact]
    public async Task A_hub_cannot_read_another_hubs_down()
    {
        await using var rig = await StartAsync();
        string a = Eui64.ToText(TestHubs.HubA), b = Eui64.ToText(TestHubs.HubB);
        await using var adapter = await AsAsync(rig, MqttCredentials.AdapterUser, "adapter-test");
        await using var hubA = await AsAsync(rig, a);
        await using var hubB = await AsAsync(rig, b);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await hubA.SubscribeAsync($"chub/{a}/down"));
        await hubB.SubscribeAsync($"chub/{a}/down");
        await hubB.SubscribeAsync("chub/+/down");
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await hubB.SubscribeAsync($"chub/{b}/down"));

        var got = await ReceivedUpToOwnAsync(adapter, hubB, $"chub/{a}/down", $"chub/{b}/down");

        Assert.Equal([$"chub/{b}/down"], got);
        Assert.Equal($"chub/{a}/down", hubA.Next(MqttTestClient.Timeout)?.Topic);
    }

    [MosquittoFact]
    public async Task A_user_cannot_read_another_users_responses()
    {
        await using var rig = await StartAsync();
        string a = Eui64.ToText(UserA), b = Eui64.ToText(UserB);
        await using var adapter = await AsAsync(rig, MqttCredentials.AdapterUser, "adapter-test");
        await using var userB = await AsAsync(rig, b);
        await userB.SubscribeAsync(TopicAuthorization.UserResponses(UserA));
        await userB.SubscribeAsync("dcc/users/#");
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await userB.SubscribeAsync(TopicAuthorization.UserResponses(UserB)));

        var got = await ReceivedUpToOwnAsync(adapter, userB, TopicAuthorization.UserResponses(UserA), TopicAuthorization.UserResponses(UserB));

        Assert.Equal([$"dcc/users/{b}/responses"], got);
        Assert.DoesNotContain(a, string.Concat(got));
    }

    [MosquittoFact]
    public async Task A_user_cannot_publish_to_another_users_requests_nor_a_hub_to_another_hubs_up()
    {
        await using var rig = await StartAsync();
        await using var adapter = await AsAsync(rig, MqttCredentials.AdapterUser, "adapter-test");
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await adapter.SubscribeAsync("$share/dcc-adapter/dcc/users/+/requests"));
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await adapter.SubscribeAsync("$share/dcc-adapter/chub/+/up"));
        await using var userB = await AsAsync(rig, Eui64.ToText(UserB));
        await using var hubB = await AsAsync(rig, Eui64.ToText(TestHubs.HubB));

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await userB.PublishAsync(TopicAuthorization.UserRequests(UserA), "forged"));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await hubB.PublishAsync($"chub/{Eui64.ToText(TestHubs.HubA)}/up", "forged"));
        // Its own topics pass, and the adapter's shared subscriptions get them: only the forged ones were dropped.
        Assert.Equal(MqttClientPublishReasonCode.Success, await userB.PublishAsync(TopicAuthorization.UserRequests(UserB), "own"));
        Assert.Equal(MqttClientPublishReasonCode.Success, await hubB.PublishAsync($"chub/{Eui64.ToText(TestHubs.HubB)}/up", "own"));
        Assert.Equal(TopicAuthorization.UserRequests(UserB), adapter.Next(MqttTestClient.Timeout)?.Topic);
        Assert.Equal($"chub/{Eui64.ToText(TestHubs.HubB)}/up", adapter.Next(MqttTestClient.Timeout)?.Topic);
    }

    [MosquittoFact]
    public async Task A_wrong_password_is_refused_and_the_built_in_hash_is_the_one_mosquitto_passwd_writes()
    {
        await using var rig = await StartAsync();
        await Assert.ThrowsAsync<MqttRefusedException>(() => MqttTestClient.ConnectAsync(rig.Port, Eui64.ToText(TestHubs.HubA), "wrong", Eui64.ToText(TestHubs.HubA)));
        // The password file Mosquitto accepted was hashed by mosquitto_passwd (installed with the broker's package here):
        // the built-in $7$ hash, used where it is not, verifies against its lines.
        var line = File.ReadAllLines(rig.Files.PasswordFile).Single(l => l.StartsWith(MqttCredentials.AdapterUser + ":", StringComparison.Ordinal));
        var encoded = line[(MqttCredentials.AdapterUser.Length + 1)..];
        Assert.True(MosquittoPasswordHash.Verify(rig.Credentials.SecretOf(MqttCredentials.AdapterUser)!, encoded));
        Assert.False(MosquittoPasswordHash.Verify("wrong", encoded));
        var salt = Convert.FromBase64String(encoded.Split('$')[3]);
        Assert.Equal(encoded, MosquittoPasswordHash.Hash(rig.Credentials.SecretOf(MqttCredentials.AdapterUser)!, salt, MosquittoPasswordHash.Iterations));
    }
}
