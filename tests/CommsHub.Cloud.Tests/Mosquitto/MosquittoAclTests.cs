using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Mqtt.External;
using CommsHub.Cloud.Mqtt.Mosquitto;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using MQTTnet;
using Xunit;

namespace CommsHub.Cloud.Tests.Mosquitto;

/// <summary>
/// The topic rules <c>commshub broker mosquitto-config</c> writes (the dynamic security plugin's file), enforced by a real
/// Mosquitto: DESIGN.md's rules (a hub reads only its own <c>down</c>, a user reads only its own responses and publishes
/// only its own requests). A subscription to another party's topic, or a wildcard over them, is refused with SUBACK Not
/// authorized, so it matches nothing: a publish on the responses topic of a user with no session finds no subscriber
/// (what the adapter's outbox reads as "not taken"). "Cannot read" is also proven by order: the intruder subscribes to
/// its own topic, and a message published there after the other party's message reaches it while the other party's
/// never does (Mosquitto delivers one client's messages in order).
/// </summary>
public sealed class MosquittoAclTests
{
    private const ulong UserA = 0x02C04B0000010000;
    private const ulong UserB = 0x02C04B0000020000;

    private static Task<MosquittoRig> StartAsync(MosquittoAccessControl accessControl = MosquittoAccessControl.DynamicSecurity) => MosquittoRig.StartAsync(dir =>
        MqttCredentials.LoadOrCreate(Path.Combine(dir, "mqtt", "credentials.json"), [TestHubs.HubA, TestHubs.HubB], [UserA, UserB]), accessControl);

    private static Task<MqttTestClient> AsAsync(MosquittoRig rig, string username, string? clientId = null) =>
        MqttTestClient.ConnectAsync(rig.Port, username, rig.Credentials.SecretOf(username), clientId ?? username);

    // Publishes `other` to the intruder's forbidden topic (the broker answering `forbiddenAnswer`), then `own` to its own;
    // returns what the intruder got, in order, once `own` arrived (so the forbidden one, had it been delivered, would have
    // come first).
    private static async Task<List<string>> ReceivedUpToOwnAsync(MqttTestClient adapter, MqttTestClient intruder, string forbidden, string own,
        MqttClientPublishReasonCode forbiddenAnswer = MqttClientPublishReasonCode.Success)
    {
        Assert.Equal(forbiddenAnswer, await adapter.PublishAsync(forbidden, "other"));
        Assert.Equal(MqttClientPublishReasonCode.Success, await adapter.PublishAsync(own, "own"));
        var got = new List<string>();
        while (intruder.Next(MqttTestClient.Timeout) is { } message)
        {
            got.Add(message.Topic);
            if (message.Topic == own) break;
        }
        return got;
    }

    // Mosquitto does not tie a client id to an account: user B connecting under user A's id took over A's persistent
    // session, and the outcome queued there for A (PUBACK Success to the adapter: counted as taken) failed B's receive ACL
    // and was dropped; A, back, got nothing. The generated set-up ties each hub and user to its username as client id.
    [MosquittoFact]
    public async Task No_account_can_take_over_another_users_or_hubs_session_and_drop_what_waits_in_it()
    {
        await using var rig = await StartAsync();
        string a = Eui64.ToText(UserA), b = Eui64.ToText(UserB), hub = Eui64.ToText(TestHubs.HubA);
        var responses = $"dcc/users/{a}/responses";
        await using var adapter = await AsAsync(rig, MqttCredentials.AdapterUser, "adapter-test");
        await using (var away = await MqttTestClient.ConnectAsync(rig.Port, a, rig.Credentials.SecretOf(a), a, sessionExpirySeconds: 3600))
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await away.SubscribeAsync(responses));
        Assert.Equal(MqttClientPublishReasonCode.Success, await adapter.PublishAsync(responses, "outcome"));

        foreach (var (account, id) in new[] { (b, a), (hub, a), (b, hub), (b, MqttCredentials.AdapterUser), (a, a + "-suffix") })
            await Assert.ThrowsAnyAsync<Exception>(() => MqttTestClient.ConnectAsync(rig.Port, account, rig.Credentials.SecretOf(account), id, sessionExpirySeconds: 3600));

        await using var back = await MqttTestClient.ConnectAsync(rig.Port, a, rig.Credentials.SecretOf(a), a, sessionExpirySeconds: 3600);
        var got = back.Next(MqttTestClient.Timeout);
        Assert.NotNull(got);
        Assert.Equal("outcome", System.Text.Encoding.UTF8.GetString(got.Value.Payload));
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
        foreach (var filter in new[] { $"chub/{a}/down", "chub/+/down", "chub/#", "#", $"chub/{b}/+" })
            Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await hubB.SubscribeAsync(filter));
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await hubB.SubscribeAsync($"chub/{b}/down"));

        var got = await ReceivedUpToOwnAsync(adapter, hubB, $"chub/{a}/down", $"chub/{b}/down");

        Assert.Equal([$"chub/{b}/down"], got);
        Assert.Equal($"chub/{a}/down", hubA.Next(MqttTestClient.Timeout)?.Topic);
    }

    // Every filter that would match user A's responses topic, or another hub's or user's topic, as user B tries it.
    private static string[] WildcardsOver(ulong user) =>
        [TopicAuthorization.UserResponses(user), "dcc/users/#", "dcc/users/+/responses", "dcc/+/+/responses", "dcc/#", "#", "+/users/+/responses", "+/+/+"];

    [MosquittoFact]
    public async Task A_user_cannot_read_another_users_responses()
    {
        await using var rig = await StartAsync();
        string a = Eui64.ToText(UserA), b = Eui64.ToText(UserB);
        await using var adapter = await AsAsync(rig, MqttCredentials.AdapterUser, "adapter-test");
        await using var userB = await AsAsync(rig, b);
        foreach (var filter in WildcardsOver(UserA))
            Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await userB.SubscribeAsync(filter));
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await userB.SubscribeAsync(TopicAuthorization.UserResponses(UserB)));

        // User A has no session: with B's attempts refused, nothing matches A's responses topic.
        var got = await ReceivedUpToOwnAsync(adapter, userB, TopicAuthorization.UserResponses(UserA), TopicAuthorization.UserResponses(UserB),
            MqttClientPublishReasonCode.NoMatchingSubscribers);

        Assert.Equal([$"dcc/users/{b}/responses"], got);
        Assert.DoesNotContain(a, string.Concat(got));
    }

    [MosquittoFact]
    public async Task An_absent_users_outcome_finds_no_subscriber_whatever_other_users_and_hubs_subscribe_to()
    {
        await using var rig = await StartAsync();
        await using var adapter = await AsAsync(rig, MqttCredentials.AdapterUser, "adapter-test");
        await using var userB = await AsAsync(rig, Eui64.ToText(UserB));
        await using var hubB = await AsAsync(rig, Eui64.ToText(TestHubs.HubB));
        foreach (var filter in WildcardsOver(UserA))
        {
            await userB.SubscribeAsync(filter);
            await hubB.SubscribeAsync(filter);
        }

        // The adapter's outbox reads NoMatchingSubscribers as "not taken, send again later"; Success would delete it.
        Assert.Equal(MqttClientPublishReasonCode.NoMatchingSubscribers, await adapter.PublishAsync(TopicAuthorization.UserResponses(UserA), "outcome"));
        // Once A subscribes, the same publish is taken by A.
        await using var userA = await AsAsync(rig, Eui64.ToText(UserA));
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await userA.SubscribeAsync(TopicAuthorization.UserResponses(UserA)));
        Assert.Equal(MqttClientPublishReasonCode.Success, await adapter.PublishAsync(TopicAuthorization.UserResponses(UserA), "outcome"));
        Assert.Equal(TopicAuthorization.UserResponses(UserA), userA.Next(MqttTestClient.Timeout)?.Topic);
        Assert.Null(userB.Next(TimeSpan.FromMilliseconds(200)));
        Assert.Null(hubB.Next(TimeSpan.FromMilliseconds(200)));
    }

    // What a client holding the adapter's credentials (a monitoring tool, a stolen copy) tries: every user's responses,
    // shared or not, everything, the broker's own topics, the hubs' down and the topics the adapter reads but not in the
    // form it reads them.
    private static readonly string[] NotTheAdaptersReads =
    [
        .. WildcardsOver(UserA), "$share/g/dcc/users/+/responses", "$share/g/#", "$share/g/dcc/#", "$SYS/#", "$CONTROL/#", "chub/+/down",
        "chub/#", "chub/+/ota/#", ExternalBrokerTopics.HubUpFilter, ExternalBrokerTopics.UserRequestsFilter,
    ];

    // The adapter's account could subscribe to anything: a client using it to watch dcc/users/+/responses made an absent
    // user's outcome count as taken (PUBACK Success) and read every user's traffic.
    [MosquittoFact]
    public async Task The_adapters_account_may_subscribe_only_to_what_the_adapter_reads_so_an_absent_users_outcome_finds_no_subscriber()
    {
        await using var rig = await StartAsync();
        await using var adapter = await AsAsync(rig, MqttCredentials.AdapterUser, "adapter-test");
        await using var monitor = await AsAsync(rig, MqttCredentials.AdapterUser, "monitor");
        foreach (var filter in NotTheAdaptersReads)
            Assert.True(MqttClientSubscribeResultCode.NotAuthorized == await monitor.SubscribeAsync(filter), filter);

        Assert.Equal(MqttClientPublishReasonCode.NoMatchingSubscribers, await adapter.PublishAsync(TopicAuthorization.UserResponses(UserA), "outcome"));
        // What the adapter does subscribe to is granted (MosquittoAclTests' other cases and the adapter's own tests show
        // it working end to end), whatever its share group.
        foreach (var filter in ExternalBrokerTopics.Filters("any-group").Append(AdapterPresence.Filter))
            Assert.True(MqttClientSubscribeResultCode.GrantedQoS1 == await monitor.SubscribeAsync(filter), filter);
    }

    [MosquittoFact]
    public async Task The_adapters_account_may_publish_only_what_the_adapter_publishes()
    {
        await using var rig = await StartAsync();
        string hub = Eui64.ToText(TestHubs.HubA);
        await using var adapter = await AsAsync(rig, MqttCredentials.AdapterUser, "adapter-test");
        foreach (var topic in new[] { $"chub/{hub}/up", $"chub/{hub}/status", TopicAuthorization.UserRequests(UserA), $"chub/{hub}/ota/x", "dcc/other", "$SYS/x" })
            Assert.True(MqttClientPublishReasonCode.NotAuthorized == await adapter.PublishAsync(topic, "forged"), topic);
        foreach (var topic in new[] { $"chub/{hub}/down", TopicAuthorization.UserResponses(UserA), AdapterPresence.Topic("adapter-test") })
            Assert.True(MqttClientPublishReasonCode.NoMatchingSubscribers == await adapter.PublishAsync(topic, "own"), topic);
    }

    [MosquittoFact]
    public async Task Nobody_can_administer_the_broker_through_control_topics()
    {
        await using var rig = await StartAsync();
        const string Control = "$CONTROL/dynamic-security/v1";
        // A command that would give user B the adapter's role, were anyone allowed to send it.
        var command = $"{{\"commands\":[{{\"command\":\"addClientRole\",\"username\":\"{Eui64.ToText(UserB)}\",\"rolename\":\"adapter\"}}]}}";
        foreach (var name in new[] { MqttCredentials.AdapterUser, Eui64.ToText(UserB), Eui64.ToText(TestHubs.HubB) })
        {
            await using var client = await AsAsync(rig, name);
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await client.PublishAsync(Control, command));
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await client.PublishAsync("$CONTROL/anything", command));
        }
        await using var userB = await AsAsync(rig, Eui64.ToText(UserB));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await userB.SubscribeAsync("dcc/users/#"));
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
    public async Task A_hubs_retained_status_and_last_will_and_the_adapters_presence_reach_the_adapters_subscriptions()
    {
        await using var rig = await StartAsync();
        var hub = Eui64.ToText(TestHubs.HubA);
        await using var adapter = await AsAsync(rig, MqttCredentials.AdapterUser, "adapter-test");
        foreach (var filter in ExternalBrokerTopics.Filters("group-x").Append(AdapterPresence.Filter))
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await adapter.SubscribeAsync(filter));

        using var hubClient = new MqttClientFactory().CreateMqttClient();
        var status = $"chub/{hub}/status";
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", rig.Port).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId(hub).WithCredentials(hub, rig.Credentials.SecretOf(hub)).WithWillTopic(status).WithWillPayload("offline").WithWillRetain()
            .WithWillQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build();
        Assert.Equal(MqttClientConnectResultCode.Success, (await hubClient.ConnectAsync(options)).ResultCode);
        var online = await hubClient.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(status).WithPayload("online").WithRetainFlag()
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal(MqttClientPublishReasonCode.Success, online.ReasonCode);
        Assert.Equal(status, adapter.Next(MqttTestClient.Timeout)?.Topic);
        // The last will (a lost connection) is the hub's to publish too.
        await hubClient.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.DisconnectWithWillMessage).Build());
        Assert.Equal((status, "offline"), adapter.Next(MqttTestClient.Timeout) is { } will ? (will.Topic, System.Text.Encoding.ASCII.GetString(will.Payload)) : default);

        // The adapter's own retained presence, as an instance publishes it, reaches the instances' presence subscription.
        using var instance = new MqttClientFactory().CreateMqttClient();
        Assert.Equal(MqttClientConnectResultCode.Success, (await instance.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", rig.Port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithClientId("adapter-b")
            .WithCredentials(MqttCredentials.AdapterUser, rig.Credentials.SecretOf(MqttCredentials.AdapterUser)).Build())).ResultCode);
        var presence = await instance.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(AdapterPresence.Topic("adapter-b")).WithPayload(AdapterPresence.Online)
            .WithRetainFlag().WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal(MqttClientPublishReasonCode.Success, presence.ReasonCode);
        Assert.Equal(AdapterPresence.Topic("adapter-b"), adapter.Next(MqttTestClient.Timeout)?.Topic);
        await instance.DisconnectAsync();
    }

    [MosquittoFact]
    public async Task A_wrong_password_is_refused_and_the_plugin_file_holds_hashes_only()
    {
        await using var rig = await StartAsync();
        await Assert.ThrowsAsync<MqttRefusedException>(() => MqttTestClient.ConnectAsync(rig.Port, Eui64.ToText(TestHubs.HubA), "wrong", Eui64.ToText(TestHubs.HubA)));
        await Assert.ThrowsAsync<MqttRefusedException>(() => MqttTestClient.ConnectAsync(rig.Port, "nobody", "wrong", "nobody"));
        await Assert.ThrowsAsync<MqttRefusedException>(() => MqttTestClient.ConnectAsync(rig.Port, null, null, "anonymous"));
        // Mosquitto accepted the right password against the file's salt, hash and iteration count, which hold no secret.
        await using var hub = await AsAsync(rig, Eui64.ToText(TestHubs.HubA));
        var json = File.ReadAllText(rig.Files.DynamicSecurityFile!);
        foreach (var entry in rig.Credentials.Entries) Assert.DoesNotContain(entry.Secret, json, StringComparison.Ordinal);
        Assert.Null(rig.Files.PasswordFile);
        Assert.Null(rig.Files.AclFile);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(rig.Files.DynamicSecurityFile!));
    }

    [MosquittoFact]
    public async Task A_wrong_password_is_refused_and_the_built_in_hash_is_the_one_mosquitto_passwd_writes()
    {
        await using var rig = await StartAsync(MosquittoAccessControl.AclFile);
        await Assert.ThrowsAsync<MqttRefusedException>(() => MqttTestClient.ConnectAsync(rig.Port, Eui64.ToText(TestHubs.HubA), "wrong", Eui64.ToText(TestHubs.HubA)));
        // The password file Mosquitto accepted was hashed by mosquitto_passwd (installed with the broker's package here):
        // the built-in $7$ hash, used where it is not, verifies against its lines.
        var line = File.ReadAllLines(rig.Files.PasswordFile!).Single(l => l.StartsWith(MqttCredentials.AdapterUser + ":", StringComparison.Ordinal));
        var encoded = line[(MqttCredentials.AdapterUser.Length + 1)..];
        Assert.True(MosquittoPasswordHash.Verify(rig.Credentials.SecretOf(MqttCredentials.AdapterUser)!, encoded));
        Assert.False(MosquittoPasswordHash.Verify("wrong", encoded));
        var salt = Convert.FromBase64String(encoded.Split('$')[3]);
        Assert.Equal(encoded, MosquittoPasswordHash.Hash(rig.Credentials.SecretOf(MqttCredentials.AdapterUser)!, salt, MosquittoPasswordHash.Iterations));
    }

    // With the ACL file Mosquitto grants every subscription, so the adapter's account gets its subscription to `#`: what it
    // may read decides what reaches it. It read everything, every user's responses included.
    [MosquittoFact]
    public async Task With_the_legacy_acl_file_the_adapters_account_reads_only_what_the_adapter_reads()
    {
        await using var rig = await StartAsync(MosquittoAccessControl.AclFile);
        string hub = Eui64.ToText(TestHubs.HubA);
        await using var adapter = await AsAsync(rig, MqttCredentials.AdapterUser, "adapter-test");
        await using var monitor = await AsAsync(rig, MqttCredentials.AdapterUser, "monitor");
        foreach (var filter in NotTheAdaptersReads.Where(f => !f.StartsWith('$'))) await monitor.SubscribeAsync(filter);
        await using var hubA = await AsAsync(rig, hub);

        Assert.Equal(MqttClientPublishReasonCode.Success, await adapter.PublishAsync(TopicAuthorization.UserResponses(UserA), "outcome"));
        Assert.Equal(MqttClientPublishReasonCode.Success, await adapter.PublishAsync($"chub/{hub}/down", "command"));
        Assert.Equal(MqttClientPublishReasonCode.Success, await hubA.PublishAsync($"chub/{hub}/up", "answer"));
        // One copy per overlapping subscription (`#`, `chub/#`, ...), the answer first (so the earlier outcome and command,
        // had they been delivered, would have come before it), and nothing but the answer.
        Assert.Equal($"chub/{hub}/up", monitor.Next(MqttTestClient.Timeout)?.Topic);
        while (monitor.Next(TimeSpan.FromMilliseconds(300)) is { } copy) Assert.Equal($"chub/{hub}/up", copy.Topic);
        // Nor may it write what hubs and users write.
        foreach (var topic in new[] { $"chub/{hub}/up", TopicAuthorization.UserRequests(UserA) })
            Assert.True(MqttClientPublishReasonCode.NotAuthorized == await adapter.PublishAsync(topic, "forged"), topic);
    }

    [MosquittoFact]
    public async Task With_the_legacy_acl_file_a_refused_reader_still_matches_and_an_absent_users_outcome_counts_as_taken()
    {
        // Why the ACL file is not the default (SECURITY.md): Mosquitto 2.0 grants the subscription and filters at delivery.
        await using var rig = await StartAsync(MosquittoAccessControl.AclFile);
        await using var adapter = await AsAsync(rig, MqttCredentials.AdapterUser, "adapter-test");
        await using var userB = await AsAsync(rig, Eui64.ToText(UserB));
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await userB.SubscribeAsync("dcc/users/#"));

        Assert.Equal(MqttClientPublishReasonCode.Success, await adapter.PublishAsync(TopicAuthorization.UserResponses(UserA), "outcome"));
        Assert.Null(userB.Next(TimeSpan.FromMilliseconds(500)));
    }
}
