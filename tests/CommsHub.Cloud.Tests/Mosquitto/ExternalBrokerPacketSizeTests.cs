using System.Text;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.TestSupport;
using MQTTnet;
using Xunit;

namespace CommsHub.Cloud.Tests.Mosquitto;

/// <summary>
/// In External mode the broker, not the adapter, reads what users and hubs publish, and forwards it whole: the adapter
/// tells the broker the largest packet it takes (MQTT 5 Maximum Packet Size, <c>CommsHub:Mqtt:MaxPacketBytes</c>, the
/// limit the embedded broker holds users to), so a publish above it never reaches the adapter's memory. Without that, a
/// user's publishes of up to MQTT's 256 MiB each, up to Receive Maximum (512) at a time, were all handed to the adapter.
/// </summary>
public sealed class ExternalBrokerPacketSizeTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly string Supplier = ExternalBrokerModeTests.Supplier;

    [MosquittoFact]
    public async Task A_publish_above_the_packet_limit_never_reaches_the_adapter_and_the_next_request_is_answered()
    {
        await using var rig = await MosquittoRig.StartAsync(ExternalBrokerModeTests.Provision);
        var logs = new LogCapture();
        await rig.StartAdapterAsync(rig.AdapterArguments("adapter-size", "commshub.db"), logs);
        await using var user = await MqttTestClient.ConnectAsync(rig.Port, Supplier, rig.Credentials.SecretOf(Supplier), Supplier);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier)));

        // 3 MiB on the user's own requests topic, which the broker's ACL lets it write: three times the default limit.
        var oversized = Encoding.UTF8.GetBytes($"<sr:Request xmlns:sr=\"{DuisNamespaces.ServiceUserGateway}\">{new string(' ', 3 * 1024 * 1024)}</sr:Request>");
        await user.PublishAsync(TopicAuthorization.UserRequests(DemoIdentities.Supplier), oversized);
        // Then a genuine read: one user's publishes reach the adapter in order, so once this one is answered the
        // oversized one, had it been forwarded, would have been handled (and its refusal logged) before it.
        var request = ExternalBrokerModeTests.SignedRead(rig.DataDirectory, (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000);
        Assert.Equal(MqttClientPublishReasonCode.Success, await user.PublishAsync(TopicAuthorization.UserRequests(DemoIdentities.Supplier), request));

        var answer = user.Next(Wait);
        Assert.NotNull(answer);
        var doc = DuisResponses.VerifyDspSigned(rig.DataDirectory, answer.Value.Payload);
        Assert.Equal((ExternalBrokerModeTests.RequestIdOf(SecureXml.Load(request)), "I99"), (ExternalBrokerModeTests.RequestIdOf(doc), DuisResponses.Code(doc)));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("refused (Oversized)", StringComparison.Ordinal) || l.Contains("not answered", StringComparison.Ordinal));
    }
}
