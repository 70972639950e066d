using System.Buffers;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Smki;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;
using CommsHub.Protocol.Wan;
using CommsHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit;

namespace CommsHub.EndToEnd.Tests;

/// <summary>
/// The embedded broker keeps a hub's session across a broken connection: a command the hub had received but not
/// acknowledged when its connection dropped (in flight, or left unacknowledged by a full inbox) comes again when the hub
/// reconnects with clean start false under its client id, and the request ends I0, not E21 at its deadline. (Without
/// persistent sessions 230 of 2,000 provisioning commands ended E21 in a bench whose hubs' connections were re-made.)
/// </summary>
public sealed class HubSessionKeptTests(LateHubRig rig) : IClassFixture<LateHubRig>
{
    private const ulong Supplier = DemoIdentities.Supplier;

    [SharedDataFact]
    public async Task A_command_unacknowledged_when_the_hubs_connection_drops_is_delivered_after_it_reconnects_and_ends_I0()
    {
        var eui = DemoIdentities.Hubs[1];
        Assert.DoesNotContain(rig.Hubs, h => h.Eui == eui);
        var services = rig.App.Services;
        var broker = services.GetRequiredService<EmbeddedBroker>();
        var name = Eui64.ToText(eui);
        var secret = services.GetRequiredService<MqttCredentials>().SecretOf(name)!;

        // The hub's first connection, as WanLink makes it (client id = EUI, clean start false, a 7-day session), which
        // receives the command and never acknowledges it: its inbox is full, or the connection breaks first.
        var first = new MqttClientFactory().CreateMqttClient();
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        first.ApplicationMessageReceivedAsync += e =>
        {
            e.AutoAcknowledge = false;
            received.TrySetResult(e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        await first.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(name).WithCredentials(name, secret).WithCleanStart(false).WithSessionExpiryInterval(7 * 24 * 3600)
            .WithWillTopic(WanTopics.Status(eui)).WithWillPayload(StatusJson.AsciiBytes(StatusJson.Offline(eui))).WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await first.SubscribeAsync(WanTopics.Down(eui), MqttQualityOfServiceLevel.AtLeastOnce);
        await first.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(WanTopics.Status(eui))
            .WithPayload(StatusJson.AsciiBytes(StatusJson.Online(eui, "000000", 2, 0))).WithRetainFlag()
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        using var signer = rig.Signer(Supplier);
        var read = DuisTemplates.Signed(DuisTemplates.ReadDeviceLog, signer, Supplier, eui, DuisTemplates.NextCounter());
        var (accepted, _) = await rig.PostAsync(read);
        Assert.Equal("I99", accepted.Code);
        var requestId = accepted.Field("RequestID");
        Assert.NotEmpty(await received.Task.WaitAsync(AdapterRig.Wait));

        // The connection breaks off (no DISCONNECT, no PUBACK): the broker sees the hub go.
        first.Dispose();
        await AdapterRig.Until(() => Task.FromResult(broker.HubSessions.ConnectionsOf(eui).Count == 0), "the first connection gone");

        // The hub reconnects (the real one now, same client id, clean start false): the command comes again and is answered.
        await using var hub = await rig.StartLateHubAsync();
        var answer = await rig.ReceiveAsync(Supplier, r => r.Field("RequestID") == requestId && r.Code is not "I99", "8.9 answer");
        Assert.Equal("I0", answer.Code);
        var ccs06 = GbcsFrameParser.Parse(Convert.FromBase64String(answer.Field("GBCSPayload")!));
        Assert.Equal((CraFlag.Response, eui, MessageCodes.CCS06), (ccs06.Cra, ccs06.Originator, ccs06.MessageCode));
    }
}
