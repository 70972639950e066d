using System.Text;
using CommsHub.Cloud.Demo;
using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Mqtt.Inbound;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using Xunit;

namespace CommsHub.Cloud.Tests.Mosquitto;

/// <summary>
/// The adapter in External mode (<c>CommsHub:Mqtt:Mode=External</c>) on a real Mosquitto set up by
/// <c>commshub broker mosquitto-config</c>: a user's signed 4.1.1 read reaches a virtual hub and its meter and the I0
/// comes back through the broker; two instances in one share group split the requests, none handled twice.
/// </summary>
public sealed class ExternalBrokerModeTests
{
    internal static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    internal static readonly string Supplier = Eui64.ToText(DemoIdentities.Supplier);

    // Creating (not starting) an adapter over the folder mints the SMKI and writes the broker credentials.
    internal static void Provision(string dir)
    {
        var app = CloudApp.Create(CloudFixture.LoopbackArguments(dir, "--Logging:LogLevel:Default=Critical"), console: TextWriter.Null);
        ((IDisposable)app).Dispose();
    }

    internal static byte[] SignedRead(string dir, ulong counter)
    {
        var request = DuisRequests.Unsigned(DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier, counter);
        using (var signer = DuisRequests.Signer(dir, DemoIdentities.Supplier)) DuisSignature.Sign(request, signer);
        return Encoding.UTF8.GetBytes(request.OuterXml);
    }

    internal static string? RequestIdOf(System.Xml.XmlDocument doc) =>
        doc.GetElementsByTagName("RequestID", DuisNamespaces.ServiceUserGateway) is { Count: 1 } ids ? ids[0]!.InnerText : null;

    [MosquittoFact]
    public async Task A_signed_read_published_by_a_user_is_answered_I99_then_I0_by_a_virtual_hub_through_Mosquitto()
    {
        await using var rig = await MosquittoRig.StartAsync(Provision);
        var app = await rig.StartAdapterAsync(rig.AdapterArguments("adapter-e2e", "commshub.db", "--demo", "--demo-hubs", "1"));
        Assert.True(app.Services.GetRequiredService<IMqttMessageSource>().IsRunning);
        await app.Services.GetRequiredService<DemoLauncher>().Joining.WaitAsync(Wait);
        var hub = app.Services.GetRequiredService<DemoLauncher>().Hubs[0];
        foreach (var meter in hub.Meters) Assert.True(await hub.Hub.InvokeAsync(() => meter.Meter.IsJoined), $"demo {meter.Kind} did not join via Mosquitto");
        // The banner's read-meter line names the broker the demo's hubs use (Mosquitto here), not the unused embedded port.
        Assert.Contains(app.Services.GetRequiredService<DemoLauncher>().Describe("http://127.0.0.1:1"), l => l.Contains($"--mqtt-port {rig.Port} ", StringComparison.Ordinal));

        await using var user = await MqttTestClient.ConnectAsync(rig.Port, Supplier, rig.Credentials.SecretOf(Supplier), Supplier);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier)));
        // Above the counters the demo's joins used (milliseconds x 1000), or the request would be a replay (E1).
        var counter = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000 + 999;
        var request = SignedRead(rig.DataDirectory, counter);
        var requestId = RequestIdOf(SecureXml.Load(request));

        Assert.Equal(MqttClientPublishReasonCode.Success, await user.PublishAsync(TopicAuthorization.UserRequests(DemoIdentities.Supplier), request));

        var codes = new List<string>();
        using var deadline = new CancellationTokenSource(Wait);
        while (!codes.Contains("I0") && !deadline.IsCancellationRequested && user.Next(Wait) is { } message)
        {
            var answer = DuisResponses.VerifyDspSigned(rig.DataDirectory, message.Payload);
            if (RequestIdOf(answer) == requestId) codes.Add(DuisResponses.Code(answer));
        }
        Assert.Equal(["I99", "I0"], codes);
    }

    [MosquittoFact]
    public async Task Two_instances_in_one_share_group_split_the_requests_and_none_is_handled_twice()
    {
        await using var rig = await MosquittoRig.StartAsync(Provision);
        // Each instance its own SQLite file: a request is in the store of the instance that decided it, and only there.
        var first = await rig.StartAdapterAsync(rig.AdapterArguments("adapter-1", "instance-1.db"));
        var second = await rig.StartAdapterAsync(rig.AdapterArguments("adapter-2", "instance-2.db"));
        await using var user = await MqttTestClient.ConnectAsync(rig.Port, Supplier, rig.Credentials.SecretOf(Supplier), Supplier);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier)));

        const int Requests = 20;
        var ids = new List<string>();
        var start = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        for (var i = 0; i < Requests; i++)
        {
            var request = SignedRead(rig.DataDirectory, start + (ulong)i);
            ids.Add(RequestIdOf(SecureXml.Load(request))!);
            Assert.Equal(MqttClientPublishReasonCode.Success, await user.PublishAsync(TopicAuthorization.UserRequests(DemoIdentities.Supplier), request));
        }
        var answers = new Dictionary<string, List<string>>();
        while (answers.Count < Requests && user.Next(Wait) is { } message)
        {
            var answer = DuisResponses.VerifyDspSigned(rig.DataDirectory, message.Payload);
            if (RequestIdOf(answer) is { } id) (answers.TryGetValue(id, out var list) ? list : answers[id] = []).Add(DuisResponses.Code(answer));
        }

        Assert.Equal(ids.Order(), answers.Keys.Order());
        Assert.All(answers.Values, codes => Assert.Equal(["I99"], codes));
        var keptByFirst = ids.Count(id => first.Services.GetRequiredService<IDccStore>().PendingRequests.Find(id) is not null);
        var keptBySecond = ids.Count(id => second.Services.GetRequiredService<IDccStore>().PendingRequests.Find(id) is not null);
        Assert.Equal(Requests, keptByFirst + keptBySecond);
        Assert.True(keptByFirst > 0 && keptBySecond > 0, $"the share was {keptByFirst} / {keptBySecond}");
    }

    [MosquittoFact]
    public async Task A_request_the_store_could_not_record_stays_unacknowledged_and_is_decided_once_the_store_recovers()
    {
        await using var rig = await MosquittoRig.StartAsync(Provision);
        var logs = new LogCapture();
        var app = await rig.StartAdapterAsync(rig.AdapterArguments("adapter-held", "commshub.db", "--CommsHub:Storage:Sqlite:BusyTimeout=00:00:00.300"), logs);
        var store = app.Services.GetRequiredService<IDccStore>();
        await using var user = await MqttTestClient.ConnectAsync(rig.Port, Supplier, rig.Credentials.SecretOf(Supplier), Supplier);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier)));
        var request = SignedRead(rig.DataDirectory, (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000);
        var requestId = RequestIdOf(SecureXml.Load(request));

        using (var writer = new HeldWriter(store))
        {
            // The broker takes it at once (its PUBACK to the user); the adapter's own acknowledgement waits for a commit.
            Assert.Equal(MqttClientPublishReasonCode.Success, await user.PublishAsync(TopicAuthorization.UserRequests(DemoIdentities.Supplier), request));
            using var deadline = new CancellationTokenSource(Wait);
            while (!logs.Lines.Any(l => l.Contains("outcome not recorded; handed over again", StringComparison.Ordinal)))
                await Task.Delay(20, deadline.Token);
            Assert.Null(store.PendingRequests.Find(requestId!));
            writer.Release();
        }

        var answer = user.Next(Wait);
        Assert.NotNull(answer);
        var doc = DuisResponses.VerifyDspSigned(rig.DataDirectory, answer.Value.Payload);
        Assert.Equal((requestId, "I99"), (RequestIdOf(doc), DuisResponses.Code(doc)));
        Assert.NotNull(store.PendingRequests.Find(requestId!));
    }

    [MosquittoFact]
    public async Task After_the_broker_is_killed_and_restarted_the_adapter_reconnects_and_answers_again()
    {
        await using var rig = await MosquittoRig.StartAsync(Provision);
        var app = await rig.StartAdapterAsync(rig.AdapterArguments("adapter-restart", "commshub.db"));
        var source = app.Services.GetRequiredService<IMqttMessageSource>();
        Assert.True(source.IsRunning);

        // The broker stays down until the adapter has noticed, so a quick reconnect cannot hide the break from the test.
        await rig.KillBrokerAsync();
        using (var deadline = new CancellationTokenSource(Wait))
        {
            while (source.IsRunning) await Task.Delay(20, deadline.Token);
            await rig.StartBrokerAgainAsync();
            while (!source.IsRunning) await Task.Delay(20, deadline.Token);
        }

        await using var user = await MqttTestClient.ConnectAsync(rig.Port, Supplier, rig.Credentials.SecretOf(Supplier), Supplier);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier)));
        var request = SignedRead(rig.DataDirectory, (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000);
        Assert.Equal(MqttClientPublishReasonCode.Success, await user.PublishAsync(TopicAuthorization.UserRequests(DemoIdentities.Supplier), request));
        var answer = user.Next(Wait);
        Assert.NotNull(answer);
        var doc = DuisResponses.VerifyDspSigned(rig.DataDirectory, answer.Value.Payload);
        Assert.Equal((RequestIdOf(SecureXml.Load(request)), "I99"), (RequestIdOf(doc), DuisResponses.Code(doc)));
    }
}
