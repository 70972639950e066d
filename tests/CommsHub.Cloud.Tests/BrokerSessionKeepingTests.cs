using System.Text;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Wan;
using CommsHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using Xunit;
using static CommsHub.Cloud.Tests.TestHubs;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// Which sessions the embedded broker keeps across a connection's end (<see cref="BrokerSessionKeeper"/>): a hub's own,
/// with what it had not acknowledged and what came while it was away; nobody else can resume it; users' and second
/// connections' sessions end with the connection. Its own adapter instance: the sessions these tests leave stay out of
/// the shared collection's.
/// </summary>
public sealed class BrokerSessionKeepingTests(CloudFixture cloud) : IClassFixture<CloudFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private EmbeddedBroker Broker => cloud.App.Services.GetRequiredService<EmbeddedBroker>();

    private Task<MqttTestClient> Connect(string username, string clientId, bool acknowledge = true, uint sessionExpirySeconds = 7 * 24 * 3600) =>
        MqttTestClient.ConnectAsync(cloud.MqttPort, username, cloud.Credentials.SecretOf(username), clientId, acknowledge: acknowledge,
            sessionExpirySeconds: sessionExpirySeconds);

    [SharedDataFact]
    public async Task A_hubs_session_keeps_what_it_had_not_acknowledged_and_what_came_while_it_was_away()
    {
        var hub = Eui64.ToText(HubA);
        var first = await Connect(hub, hub, acknowledge: false);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await first.SubscribeAsync(WanTopics.Down(HubA)));
        await Broker.PublishAsync(WanTopics.Down(HubA), Encoding.ASCII.GetBytes("in flight"));
        Assert.Equal("in flight", Encoding.ASCII.GetString(first.Next()!.Value.Payload));

        // The connection breaks off without a PUBACK, then a second command comes while the hub is away.
        first.Client.Dispose();
        await UntilAsync(async () => (await Broker.SessionsAsync()).Any(s => s.ClientId == hub && s.DisconnectedAt is not null));
        await Broker.PublishAsync(WanTopics.Down(HubA), Encoding.ASCII.GetBytes("while away"));

        // Back under its id with clean start false: the session is resumed (no SUBSCRIBE needed) and both come.
        await using var again = await Connect(hub, hub);
        Assert.True(again.SessionPresent);
        Assert.Equal(["in flight", "while away"], [Encoding.ASCII.GetString(again.Next()!.Value.Payload), Encoding.ASCII.GetString(again.Next()!.Value.Payload)]);
        first.Received.Dispose();
    }

    [SharedDataFact]
    public async Task No_other_account_can_resume_a_hubs_kept_session_or_take_the_commands_waiting_in_it()
    {
        var hub = Eui64.ToText(HubB);
        await using (var first = await Connect(hub, hub))
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await first.SubscribeAsync(WanTopics.Down(HubB)));
        await Broker.PublishAsync(WanTopics.Down(HubB), Encoding.ASCII.GetBytes("waiting"));

        // Another hub, a user and the adapter's own account, under the hub's client id or one of its suffixed ids.
        foreach (var (account, id) in new[]
                 {
                     (Eui64.ToText(HubA), hub), (Eui64.ToText(DemoIdentities.Supplier), hub), (MqttCredentials.AdapterUser, hub),
                     (Eui64.ToText(HubA), hub + "-x"), (MqttCredentials.AdapterUser, hub + "-x"),
                 })
        {
            var refused = await Assert.ThrowsAsync<MqttRefusedException>(() => Connect(account, id));
            Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, refused.Code);
        }

        // The hub, back, finds its session and the command in it.
        await using var again = await Connect(hub, hub);
        Assert.True(again.SessionPresent);
        Assert.Equal("waiting", Encoding.ASCII.GetString(again.Next()!.Value.Payload));
    }

    [SharedDataFact]
    public async Task Users_second_connections_and_the_adapters_account_keep_no_session_whatever_they_ask()
    {
        var hub = Eui64.ToText(HubA);
        var user = Eui64.ToText(DemoIdentities.NetworkOperator);
        var parties = new[] { (user, user), (user, user + "-app"), (hub, hub + "-tool"), (MqttCredentials.AdapterUser, "test-adapter") };
        foreach (var (account, id) in parties)
        {
            await using var client = await Connect(account, id);
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1,
                await client.SubscribeAsync(account == user ? TopicAuthorization.UserResponses(DemoIdentities.NetworkOperator) : WanTopics.Down(HubA)));
        }

        // Gone with the connection, not at a later sweep (that runs every minute here).
        await UntilAsync(async () => !(await Broker.SessionsAsync()).Any(s => parties.Any(p => p.Item2 == s.ClientId)));
        foreach (var (account, id) in parties)
        {
            await using var client = await Connect(account, id);
            Assert.False(client.SessionPresent, id);
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (!await condition()) await Task.Delay(20, deadline.Token);
    }
}

/// <summary>The adapter with hubs' sessions kept for 2 s.</summary>
public sealed class ShortHubSessionsFixture() : CloudFixture("--CommsHub:Mqtt:HubSessionExpirySeconds=2");

/// <summary>A kept hub session nobody comes back for is removed after its time; MQTTnet alone would keep it for good.</summary>
public sealed class HubSessionExpiryTests(ShortHubSessionsFixture cloud) : IClassFixture<ShortHubSessionsFixture>
{
    [SharedDataFact]
    public async Task A_hubs_kept_session_is_removed_after_the_expiry_the_broker_grants_though_the_hub_asked_for_seven_days()
    {
        var broker = cloud.App.Services.GetRequiredService<EmbeddedBroker>();
        var hub = Eui64.ToText(HubA);
        await using (var first = await MqttTestClient.ConnectAsync(cloud.MqttPort, hub, cloud.Credentials.SecretOf(hub), hub, sessionExpirySeconds: 7 * 24 * 3600))
            await first.SubscribeAsync(WanTopics.Down(HubA));
        await broker.PublishAsync(WanTopics.Down(HubA), Encoding.ASCII.GetBytes("never taken"));
        // The broker notes the end of the connection on its own thread, a moment after the client closed it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!(await broker.SessionsAsync()).Any(s => s.ClientId == hub && s.DisconnectedAt is not null))
        {
            Assert.True(DateTime.UtcNow < deadline, "the hub's session was never kept after its connection ended");
            await Task.Delay(20);
        }

        // Nobody asks for it again: the sweep removes it (2 s, swept every second), with what waits in it.
        while ((await broker.SessionsAsync()).Any(s => s.ClientId == hub))
        {
            Assert.True(DateTime.UtcNow < deadline, "the kept session was never removed");
            await Task.Delay(100);
        }
        await using var again = await MqttTestClient.ConnectAsync(cloud.MqttPort, hub, cloud.Credentials.SecretOf(hub), hub, sessionExpirySeconds: 7 * 24 * 3600);
        Assert.False(again.SessionPresent);
        Assert.Null(again.Next(TimeSpan.FromSeconds(1)));
    }
}
