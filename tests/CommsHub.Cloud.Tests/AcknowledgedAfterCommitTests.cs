using System.Net;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Smki;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// A request is acknowledged only once its decision is committed in the store: over MQTT the PUBACK is Success only after
/// the commit and after the signed answer went out on the user's responses topic; over HTTP the answer (I99) is only sent
/// after the commit. A store that blocks holds the acknowledgement back; a store that fails means no Success at all, so
/// a kill -9 can never lose a request the user was told was taken.
/// </summary>
public sealed class AcknowledgedAfterCommitTests
{
    private static string Supplier => Eui64.ToText(DemoIdentities.Supplier);

    private static async Task<(WebApplication App, string Dir)> StartAsync(params string[] settings)
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-ack-" + Guid.NewGuid().ToString("N"));
        var app = CloudApp.Create(CloudFixture.LoopbackArguments(dir, ["--Logging:LogLevel:Default=Critical", .. settings]), console: TextWriter.Null);
        await app.StartAsync();
        return (app, dir);
    }

    private static async Task StopAsync(WebApplication app, string dir)
    {
        await app.StopAsync();
        await app.DisposeAsync();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }

    private static async Task<MqttTestClient> UserAsync(WebApplication app)
    {
        var user = await MqttTestClient.ConnectAsync(app.Services.GetRequiredService<EmbeddedBroker>().Port, Supplier,
            app.Services.GetRequiredService<MqttCredentials>().SecretOf(Supplier), Supplier + "-ack");
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier)));
        return user;
    }

    private static string AnswerCode(string dir, (string Topic, byte[] Payload)? message)
    {
        Assert.NotNull(message);
        Assert.Equal(TopicAuthorization.UserResponses(DemoIdentities.Supplier), message.Value.Topic);
        return DuisResponses.Code(DuisResponses.VerifyDspSigned(dir, message.Value.Payload));
    }

    [SharedDataFact]
    public async Task While_the_store_holds_the_commit_neither_the_PUBACK_nor_the_HTTP_answer_is_sent()
    {
        var (app, dir) = await StartAsync();
        try
        {
            var store = app.Services.GetRequiredService<IDccStore>();
            await using var user = await UserAsync(app);
            using var http = new HttpClient { BaseAddress = new Uri(CloudApp.HttpAddresses(app)[0]), Timeout = TimeSpan.FromSeconds(15) };

            // MQTT: the request reaches the store and waits for the writer; its PUBACK waits with it.
            using (var writer = new HeldWriter(store))
            {
                var publish = user.PublishAsync(TopicAuthorization.UserRequests(DemoIdentities.Supplier),
                    DuisRequests.Signed(dir, DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier));
                await HeldWriter.WaitForQueuedAsync(store);
                Assert.False(publish.IsCompleted, "PUBACK sent before the request's decision was committed");
                Assert.Empty(user.Received);

                writer.Release();
                Assert.Equal(MqttClientPublishReasonCode.Success, await publish);
                Assert.Equal("I99", AnswerCode(dir, user.Next()));
            }

            // HTTP: likewise, the I99 is sent after the commit.
            using (var writer = new HeldWriter(store))
            {
                var content = new ByteArrayContent(DuisRequests.Signed(dir, DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier));
                content.Headers.ContentType = new("application/xml");
                var post = http.PostAsync("/api/v1/serviceS", content);
                await HeldWriter.WaitForQueuedAsync(store);
                Assert.False(post.IsCompleted, "HTTP answer sent before the request's decision was committed");

                writer.Release();
                var answered = await post;
                Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
                Assert.Contains("<sr:ResponseCode>I99</sr:ResponseCode>", await answered.Content.ReadAsStringAsync());
            }
        }
        finally
        {
            await StopAsync(app, dir);
        }
    }

    [SharedDataFact]
    public async Task A_request_the_store_could_not_record_is_not_acknowledged_and_the_next_one_is()
    {
        var (app, dir) = await StartAsync("--CommsHub:Storage:Sqlite:BusyTimeout=00:00:00.300");
        try
        {
            var store = app.Services.GetRequiredService<IDccStore>();
            await using var user = await UserAsync(app);
            var lost = DuisRequests.NextCounter();
            using (new HeldWriter(store))
            {
                var refused = await user.PublishAsync(TopicAuthorization.UserRequests(DemoIdentities.Supplier),
                    DuisRequests.Signed(dir, DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier, lost));
                Assert.Equal(MqttClientPublishReasonCode.UnspecifiedError, refused);
            }
            Assert.Empty(store.PendingRequests.InState(PendingState.Pending, 10));

            // Nothing of it was kept: not its counter either, so the user's client may send the same request again.
            var accepted = await user.PublishAsync(TopicAuthorization.UserRequests(DemoIdentities.Supplier),
                DuisRequests.Signed(dir, DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier, lost));
            Assert.Equal(MqttClientPublishReasonCode.Success, accepted);
            // The first message on the topic is this answer: the refused request published none.
            Assert.Equal("I99", AnswerCode(dir, user.Next()));
        }
        finally
        {
            await StopAsync(app, dir);
        }
    }

    [SharedDataFact]
    public async Task Input_that_is_not_DUIS_is_refused_in_the_PUBACK()
    {
        var (app, dir) = await StartAsync();
        try
        {
            await using var user = await UserAsync(app);
            Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid,
                await user.PublishAsync(TopicAuthorization.UserRequests(DemoIdentities.Supplier), "<not-duis/>"));
            // A replayed (or otherwise refused but well-formed) request is answered, signed E1, and acknowledged.
            var request = DuisRequests.Signed(dir, DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier);
            Assert.Equal(MqttClientPublishReasonCode.Success, await user.PublishAsync(TopicAuthorization.UserRequests(DemoIdentities.Supplier), request));
            Assert.Equal("I99", AnswerCode(dir, user.Next()));
            Assert.Equal(MqttClientPublishReasonCode.Success, await user.PublishAsync(TopicAuthorization.UserRequests(DemoIdentities.Supplier), request));
            Assert.Equal("E1", AnswerCode(dir, user.Next()));
        }
        finally
        {
            await StopAsync(app, dir);
        }
    }

    [SharedDataFact]
    public async Task A_resend_with_DUP_of_a_kept_request_is_acknowledged_again_without_a_second_answer()
    {
        var (app, dir) = await StartAsync();
        try
        {
            await using var user = await UserAsync(app);
            var topic = TopicAuthorization.UserRequests(DemoIdentities.Supplier);
            var request = DuisRequests.Signed(dir, DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier);
            Assert.Equal(MqttClientPublishReasonCode.Success, await user.PublishAsync(topic, request));
            Assert.Equal("I99", AnswerCode(dir, user.Next()));

            // As after a kill -9 between the commit and the PUBACK: the client sends the same request again with DUP.
            Assert.Equal(MqttClientPublishReasonCode.Success, await user.PublishAsync(topic, request, dup: true));
            // The next answer on the topic is the marker's, not an E1 for the copy (one client's requests are decided in order).
            var marker = DuisRequests.Signed(dir, DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier);
            Assert.Equal(MqttClientPublishReasonCode.Success, await user.PublishAsync(topic, marker));
            Assert.Equal("I99", AnswerCode(dir, user.Next()));

            // Without DUP, a copy is a replay as before: E1.
            Assert.Equal(MqttClientPublishReasonCode.Success, await user.PublishAsync(topic, request));
            Assert.Equal("E1", AnswerCode(dir, user.Next()));
        }
        finally
        {
            await StopAsync(app, dir);
        }
    }
}
