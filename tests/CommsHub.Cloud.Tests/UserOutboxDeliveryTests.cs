using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// Delivery to users that survives a crash, end to end through the host: an answer produced while its user has no MQTT
/// subscriber waits in the store and reaches the user when it subscribes, also after the adapter restarts on the same
/// data folder; and a user's client that does not acknowledge (no PUBACK) gets the same answer again.
/// </summary>
public sealed class UserOutboxDeliveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    // No demo hubs: the ESME's hub announces itself online (a connection that subscribes to nothing, so the adapter does
    // not hold the read for a hub it has not seen since it started), the read's command is published to nobody, and the
    // sweeper answers E21 once the 1 s response timeout has passed.
    private static WebApplication Start(string dir) =>
        CloudApp.Create(CloudFixture.LoopbackArguments(dir,
                "--CommsHub:Dispatch:SweepIntervalMilliseconds=100", "--CommsHub:Dispatch:ResponseTimeoutSeconds=1",
                "--CommsHub:Dispatch:OutboxIntervalMilliseconds=100",
                "--CommsHub:Dispatch:OutboxFirstRetrySeconds=1", "--CommsHub:Dispatch:OutboxMaxRetrySeconds=2"),
            console: TextWriter.Null);

    private static async Task Stop(WebApplication app)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await app.StopAsync(stop.Token);
        await app.DisposeAsync();
    }

    /// <summary>Sends a signed read for the supplier; returns its RequestID once its answer (E21) is in the outbox.</summary>
    private static async Task<string> AnsweredWhileNobodyListens(WebApplication app, string dir)
    {
        var hub = Eui64.ToText(DemoIdentities.Hubs[0]);
        await using var announcer = await MqttTestClient.ConnectAsync(app.Services.GetRequiredService<EmbeddedBroker>().Port, hub,
            app.Services.GetRequiredService<MqttCredentials>().SecretOf(hub));
        await announcer.PublishAsync(Protocol.Wan.WanTopics.Status(DemoIdentities.Hubs[0]), """{"state":"online"}""");
        var presence = app.Services.GetRequiredService<HubPresence>();
        Assert.True(await Until(() => presence.IsOnline(DemoIdentities.Hubs[0])), "the hub's online status was never seen");
        var counter = DuisRequests.NextCounter();
        using var http = new HttpClient { BaseAddress = new Uri(CloudApp.HttpAddresses(app)[0]), Timeout = TimeSpan.FromSeconds(15) };
        using var content = new ByteArrayContent(DuisRequests.Signed(dir, DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier, counter));
        content.Headers.ContentType = new("application/xml");
        using var accepted = await http.PostAsync("/api/v1/serviceS", content);
        Assert.Contains("<sr:ResponseCode>I99</sr:ResponseCode>", await accepted.Content.ReadAsStringAsync());
        var key = $"{RequestId.FormatEui(DemoIdentities.Supplier)}:{RequestId.FormatEui(DuisRequests.DemoEsme)}:{counter}";
        var store = app.Services.GetRequiredService<IDccStore>();
        Assert.True(await Until(() => store.Outbox.Find(DuisMessageKind.Response, key) is not null),
            $"the E21 was never stored (request {store.PendingRequests.Find(key)?.State})");
        Assert.Equal(PendingState.TimedOut, store.PendingRequests.Find(key)!.State);
        return key;
    }

    private static Task<MqttTestClient> ConnectSupplier(WebApplication app, bool acknowledge = true, uint sessionExpirySeconds = 0)
    {
        var user = Eui64.ToText(DemoIdentities.Supplier);
        return MqttTestClient.ConnectAsync(app.Services.GetRequiredService<EmbeddedBroker>().Port, user,
            app.Services.GetRequiredService<MqttCredentials>().SecretOf(user), acknowledge: acknowledge, sessionExpirySeconds: sessionExpirySeconds);
    }

    private static void AssertAnswer(string key, byte[] xml)
    {
        var text = System.Text.Encoding.UTF8.GetString(xml);
        Assert.Contains($"<sr:RequestID>{key}</sr:RequestID>", text);
        Assert.Contains("<sr:ResponseCode>E21</sr:ResponseCode>", text);
    }

    private static async Task<bool> Until(Func<bool> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? Patience);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(50);
        }
        return true;
    }

    [SharedDataFact]
    public async Task A_user_offline_when_the_answer_came_gets_it_when_it_subscribes_and_the_puback_clears_it()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-outbox-" + Guid.NewGuid().ToString("N"));
        var app = Start(dir);
        await app.StartAsync();
        try
        {
            var key = await AnsweredWhileNobodyListens(app, dir);

            await using var user = await ConnectSupplier(app);
            Assert.Equal(MQTTnet.MqttClientSubscribeResultCode.GrantedQoS1, await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier)));
            var answer = user.Next(Patience);
            Assert.NotNull(answer);
            AssertAnswer(key, answer.Value.Payload);
            var store = app.Services.GetRequiredService<IDccStore>();
            Assert.True(await Until(() => store.Outbox.Find(DuisMessageKind.Response, key) is null), "the PUBACK did not clear the answer");
        }
        finally
        {
            await Stop(app);
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [SharedDataFact]
    public async Task An_answer_stored_before_a_restart_reaches_the_user_that_subscribes_afterwards()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-outbox-" + Guid.NewGuid().ToString("N"));
        var first = Start(dir);
        await first.StartAsync();
        string key;
        try
        {
            key = await AnsweredWhileNobodyListens(first, dir);
        }
        finally
        {
            await Stop(first);
        }
        var second = Start(dir);
        await second.StartAsync();
        try
        {
            Assert.NotNull(second.Services.GetRequiredService<IDccStore>().Outbox.Find(DuisMessageKind.Response, key));
            await using var user = await ConnectSupplier(second);
            await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier));
            var answer = user.Next(Patience);
            Assert.NotNull(answer);
            AssertAnswer(key, answer.Value.Payload);
        }
        finally
        {
            await Stop(second);
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [SharedDataFact]
    public async Task A_user_whose_client_sends_no_puback_gets_the_same_answer_again()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-outbox-" + Guid.NewGuid().ToString("N"));
        var app = Start(dir);
        await app.StartAsync();
        try
        {
            var key = await AnsweredWhileNobodyListens(app, dir);
            await using var user = await ConnectSupplier(app, acknowledge: false);
            await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier));

            var first = user.Next(Patience);
            var again = user.Next(Patience);

            Assert.NotNull(first);
            Assert.NotNull(again);
            AssertAnswer(key, first.Value.Payload);
            Assert.Equal(first.Value.Payload, again.Value.Payload); // byte for byte: the user drops it by its RequestID
            Assert.NotNull(app.Services.GetRequiredService<IDccStore>().Outbox.Find(DuisMessageKind.Response, key));
        }
        finally
        {
            await Stop(app);
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [SharedDataFact]
    public async Task A_user_asking_for_a_persistent_session_gets_none_kept_and_an_answer_made_while_it_was_away_once_from_the_outbox()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-outbox-" + Guid.NewGuid().ToString("N"));
        var app = Start(dir);
        await app.StartAsync();
        try
        {
            // The user subscribes in a session it asks the broker to keep for an hour, and leaves.
            await using (var before = await ConnectSupplier(app, sessionExpirySeconds: 3600))
                await before.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier));
            var key = await AnsweredWhileNobodyListens(app, dir);

            // Users' sessions end with their connection (the outbox keeps their outcomes): nothing was queued in a kept
            // session to come as a second copy; the outbox sends the answer once the user subscribes, and its PUBACK
            // clears it.
            await using var user = await ConnectSupplier(app, sessionExpirySeconds: 3600);
            Assert.False(user.SessionPresent);
            await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier));
            var answer = user.Next(Patience);
            Assert.NotNull(answer);
            AssertAnswer(key, answer.Value.Payload);
            var store = app.Services.GetRequiredService<IDccStore>();
            Assert.True(await Until(() => store.Outbox.Find(DuisMessageKind.Response, key) is null), "the PUBACK did not clear the answer");
            Assert.Null(user.Next(TimeSpan.FromSeconds(3)));
        }
        finally
        {
            await Stop(app);
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
