using System.Net.Http.Headers;
using System.Text;
using CommsHub.Cloud.Demo;
using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Mqtt.Inbound;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using Xunit;

namespace CommsHub.Cloud.Tests.Mosquitto;

/// <summary>
/// Mosquitto acknowledges a publish once it holds it in memory and saves what it holds only every autosave_interval (60 s
/// in the generated config). An outcome it acknowledged for a user who was away, then lost to a SIGKILL before its next
/// save, used to be gone: the adapter had deleted it on the PUBACK. The adapter now keeps what the broker acknowledged for
/// its unsaved window and sends it again when it reconnects (CommsHub:Mqtt:External:UnsavedWindowSeconds).
/// </summary>
public sealed class BrokerCrashOutcomeTests
{
    private static readonly TimeSpan Wait = ExternalBrokerModeTests.Wait;
    private static readonly string Supplier = ExternalBrokerModeTests.Supplier;

    [MosquittoFact]
    public async Task An_outcome_the_broker_acknowledged_and_lost_in_a_crash_still_reaches_its_user()
    {
        await using var rig = await MosquittoRig.StartAsync(ExternalBrokerModeTests.Provision);
        var app = await rig.StartAdapterAsync(rig.AdapterArguments("adapter-unsaved", "commshub.db", "--CommsHub:Dispatch:OutboxFirstRetrySeconds=1",
            // No hub runs: the read times out (E21) in a couple of seconds, an outcome like any other.
            "--CommsHub:Dispatch:ResponseTimeoutSeconds=2", "--CommsHub:Dispatch:SweepIntervalMilliseconds=200"));
        var outbox = app.Services.GetRequiredService<UserOutbox>();
        var source = app.Services.GetRequiredService<IMqttMessageSource>();
        var secret = rig.Credentials.SecretOf(Supplier);
        var clientId = Supplier; // the generated set-up ties a user to its username as client id

        // The user subscribes on a persistent session and goes away: Mosquitto queues its outcomes and acknowledges them.
        await using (var away = await MqttTestClient.ConnectAsync(rig.Port, Supplier, secret, clientId, sessionExpirySeconds: 3600))
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await away.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier)));
        var request = DuisRequests.Unsigned(DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier, (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000);
        using (var signer = DuisRequests.Signer(rig.DataDirectory, DemoIdentities.Supplier)) DuisSignature.Sign(request, signer);
        var requestId = DuisResponses.Field(request, "RequestID");
        using (var http = new HttpClient { BaseAddress = new Uri(CloudApp.HttpAddresses(app)[0]), Timeout = TimeSpan.FromSeconds(30) })
        using (var content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.OuterXml)))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
            using var response = await http.PostAsync("/api/v1/serviceS", content);
            Assert.Equal("I99", DuisResponses.Code(DuisResponses.VerifyDspSigned(rig.DataDirectory, await response.Content.ReadAsByteArrayAsync())));
        }
        using (var deadline = new CancellationTokenSource(Wait))
            while (outbox.Acknowledgements == 0) await Task.Delay(20, deadline.Token);

        // Killed before its first save, Mosquitto comes back without the user's session or the queued outcome.
        await rig.KillBrokerAsync();
        using (var deadline = new CancellationTokenSource(Wait))
        {
            while (source.IsRunning) await Task.Delay(20, deadline.Token);
            await rig.StartBrokerAgainAsync();
            while (!source.IsRunning) await Task.Delay(20, deadline.Token);
        }
        await using var back = await MqttTestClient.ConnectAsync(rig.Port, Supplier, secret, clientId, sessionExpirySeconds: 3600);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await back.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier)));

        var codes = new List<string>();
        using (var deadline = new CancellationTokenSource(Wait))
            while (codes.Count == 0 && !deadline.IsCancellationRequested && back.Next(TimeSpan.FromMilliseconds(200)) is var message)
            {
                if (message is null) continue;
                var answer = DuisResponses.VerifyDspSigned(rig.DataDirectory, message.Value.Payload);
                if (ExternalBrokerModeTests.RequestIdOf(answer) == requestId) codes.Add(DuisResponses.Code(answer));
            }
        var outcome = Assert.Single(codes);
        Assert.NotEqual("I99", outcome);
    }
}
