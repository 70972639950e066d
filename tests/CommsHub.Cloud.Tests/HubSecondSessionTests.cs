using System.Net.Http.Headers;
using System.Text;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using Xunit;
using static CommsHub.Cloud.Tests.TestHubs;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// A second connection with a hub's credentials (client id <c>EUI-x</c>) that comes and goes, cleanly or by breaking
/// off with an offline will, leaves the real hub online: the next read of its meter gets its I0 (issue 11, item 2).
/// </summary>
public sealed class HubSecondSessionTests(DemoCloudFixture cloud) : IClassFixture<DemoCloudFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static string Hub => Eui64.ToText(HubA);

    private EmbeddedBroker Broker => cloud.App.Services.GetRequiredService<EmbeddedBroker>();

    private HubPresence Presence => cloud.App.Services.GetRequiredService<HubPresence>();

    [SharedDataFact]
    public async Task A_second_session_that_disconnects_cleanly_leaves_the_hub_online_and_the_next_read_gets_I0()
    {
        Assert.True(Presence.IsOnline(HubA));
        await using (var second = await MqttTestClient.ConnectAsync(cloud.MqttPort, Hub, cloud.Credentials.SecretOf(Hub), Hub + "-x"))
        {
            await UntilAsync(() => Broker.HubSessions.ConnectionsOf(HubA).Count == 2);
            // Even an explicit offline status from it does not speak for the hub, which announced itself online.
            await second.PublishAsync($"chub/{Hub}/status", "{\"state\":\"offline\"}");
            Assert.True(Presence.IsOnline(HubA));
        }
        await UntilAsync(() => Broker.HubSessions.ConnectionsOf(HubA).SequenceEqual([Hub]));

        Assert.True(Presence.IsOnline(HubA));
        Assert.Equal("I0", await ReadEsmeAsync());
    }

    [SharedDataFact]
    public async Task A_second_session_that_breaks_off_with_an_offline_will_leaves_the_hub_online()
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", cloud.MqttPort).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(Hub + "-will").WithCredentials(Hub, cloud.Credentials.SecretOf(Hub))
            .WithWillTopic($"chub/{Hub}/status").WithWillPayload(Encoding.UTF8.GetBytes("{\"state\":\"offline\"}")).WithWillRetain()
            .WithTimeout(MqttTestClient.Timeout).Build();
        using (var cts = new CancellationTokenSource(MqttTestClient.Timeout)) await client.ConnectAsync(options, cts.Token);
        await UntilAsync(() => Broker.HubSessions.ConnectionsOf(HubA).Count == 2);

        client.Dispose(); // no DISCONNECT: the broker publishes the will
        await UntilAsync(() => Broker.HubSessions.ConnectionsOf(HubA).SequenceEqual([Hub]));

        Assert.True(Presence.IsOnline(HubA));
        Assert.Equal("I0", await ReadEsmeAsync());
    }

    // The demo supplier reads the demo ESME (4.1.1 over HTTP, I99) and waits for the asynchronous answer on its topic.
    private async Task<string> ReadEsmeAsync()
    {
        var supplier = Eui64.ToText(DemoIdentities.Supplier);
        await using var user = await MqttTestClient.ConnectAsync(cloud.MqttPort, supplier, cloud.Credentials.SecretOf(supplier), supplier + "-test");
        await user.SubscribeAsync($"dcc/users/{supplier}/responses");
        // Above the counters the demo's joins used (milliseconds x 1000 when they ran), or the request is a replay (E1).
        var counter = Math.Max(DuisRequests.NextCounter(), (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000 + 999);
        var request = DuisRequests.Unsigned(DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier, counter);
        using (var signer = DuisRequests.Signer(cloud.DataDirectory, DemoIdentities.Supplier)) Dcc.Duis.DuisSignature.Sign(request, signer);
        var requestId = DuisResponses.Field(request, "RequestID");
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.OuterXml));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        using var response = await cloud.Http.PostAsync("/api/v1/serviceS", content);
        Assert.Equal("I99", DuisResponses.Code(DuisResponses.VerifyDspSigned(cloud, await response.Content.ReadAsByteArrayAsync())));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (user.Next(TimeSpan.FromSeconds(30)) is { } message && !deadline.IsCancellationRequested)
        {
            // Alerts (no RequestID) and answers to earlier requests share the topic.
            var answer = DuisResponses.VerifyDspSigned(cloud, message.Payload);
            if (answer.GetElementsByTagName("RequestID", Dcc.Duis.DuisNamespaces.ServiceUserGateway) is { Count: 1 } ids && ids[0]!.InnerText == requestId)
                return DuisResponses.Code(answer);
        }
        return "no answer";
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (!condition()) await Task.Delay(20, deadline.Token);
    }
}
