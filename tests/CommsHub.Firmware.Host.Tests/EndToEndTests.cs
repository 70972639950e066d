using System.Text;
using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Host.Cli;
using CommsHub.Firmware.Host.Runtime;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.Protocol.UseCases;
using CommsHub.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>The virtual hub on a real MQTTnet broker in this process, driven the way the DCC adapter drives it.</summary>
public class EndToEndTests
{
    private const string Down = "chub/00DB1234567890A2/down";
    private const string Up = "chub/00DB1234567890A2/up";
    private const string Status = "chub/00DB1234567890A2/status";

    [SharedDataFact]
    public async Task Ccs01_is_answered_with_cs14_the_esme_joins_and_answers_a_forwarded_ecs52()
    {
        using var dir = new TempDir();
        await using var broker = await Broker.StartAsync();
        await using var adapter = await AdapterClient.ConnectAsync(broker.Port);
        using var ka = NetPrivateKey.Generate();
        using var ds = NetPrivateKey.Generate();
        var esme = TestMeters.Esme();
        var hub = HubSetup.Start(dir.Path, broker.Port, ka, ds, esme);
        try
        {
            await adapter.WaitForAsync(m => m.Topic == Status && Text(m.Payload).Contains("\"online\""), "online status");
            var acbKa = Rtds.Private(Rtds.Acb, KeyUsage.KeyAgreement);
            var mac = new GbcsMac(new NetGbcsCrypto());

            // 1. The re-MAC'd RTDS CCS01: response and CS14 on up, both MAC'd CHF x ACB.
            await adapter.PublishAsync(Down, HubSetup.Remac(Rtds.Ccs01Command, ka.PublicKey));
            var response = GbcsFrameParser.Parse((await adapter.WaitForAsync(m => IsFrame(m, Up, CraFlag.Response, MessageCodes.CCS01), "CCS01 response")).Payload);
            Assert.Equal(CheckResult.Valid, mac.Verify(response, acbKa, ka.PublicKey));
            Assert.Equal(0x516UL, response.OriginatorCounter);
            Assert.All(AccessResponse.Decode(response.Buffer, response.ContentOffset, response.ContentLength).Results, r => Assert.True(r.IsSuccess));
            var cs14 = GbcsFrameParser.Parse((await adapter.WaitForAsync(m => IsFrame(m, Up, CraFlag.Alert, MessageCodes.CS14), "CS14 alert")).Payload);
            Assert.Equal(Rtds.Acb, cs14.Target);
            Assert.Equal(CheckResult.Valid, mac.Verify(cs14, acbKa, ka.PublicKey));
            var alert = Cs14DeviceLogChangedAlert.Decode(cs14.Buffer, cs14.ContentOffset, cs14.ContentLength);
            Assert.Contains(alert.Log.Entries, e => e.DeviceId == Rtds.Esme);

            // 2. The ESME joins with its install-code key within the 90 s window CCS01 opened.
            await HubSetup.WaitUntilAsync(hub, () => hub.Engine.DeviceLog.Find(Rtds.Esme)?.JoinState == JoinState.Joined, "ESME join");
            Assert.True(await hub.InvokeAsync(() => esme.IsJoined));

            // 3. The RTDS ECS52 command as it is (ACB x ESME MAC): the ESME's answer verifies against the RTDS keys.
            await adapter.PublishAsync(Down, Rtds.Ecs52Command);
            var answer = (await adapter.WaitForAsync(m => IsFrame(m, Up, CraFlag.Response, MessageCodes.ECS52), "ECS52 response")).Payload;
            var ecs52 = GbcsFrameParser.Parse(answer);
            Assert.Equal(Rtds.Esme, ecs52.Originator);
            Assert.Equal(CheckResult.Valid, new GbcsMessageVerifier(new NetGbcsCrypto(), new DirectoryKeyStore(Rtds.KeystorePath), Rtds.Acb).CheckMac(ecs52));
            Assert.Equal(Convert.ToHexString(Rtds.Ecs52Response), Convert.ToHexString(answer)); // same firmware version: RTDS bytes

            // 4. The retained status says online, with the joined device, to a client that comes later.
            await using (var late = await AdapterClient.ConnectAsync(broker.Port))
            {
                var status = await late.WaitForAsync(m => m.Topic == Status && m.Retained && Text(m.Payload).Contains("\"joined\":1"), "retained online status");
                Assert.Contains("\"state\":\"online\"", Text(status.Payload));
            }
        }
        finally
        {
            await hub.StopAsync(TimeSpan.FromSeconds(2)).WaitAsync(AdapterClient.Wait);
        }
        // A clean stop publishes the offline status itself (the broker sends the will only for a broken connection).
        await adapter.WaitForAsync(m => m.Topic == Status && Text(m.Payload).Contains("\"offline\""), "offline status");
    }

    [SharedDataFact]
    public async Task Two_hubs_in_one_process_work_independently()
    {
        using var dir = new TempDir();
        await using var broker = await Broker.StartAsync();
        await using var adapter = await AdapterClient.ConnectAsync(broker.Port);
        var options = new HostOptions { BrokerPort = broker.Port, KeysDirectory = Rtds.KeystorePath, DataDirectory = dir.Path, Count = 2 };
        var started = new List<int>();
        var fleet = HubFleet.Start(options, HubSetup.Loggers, started: started.Add, adjust: o => new VirtualHubOptions
        {
            Eui = o.Eui, DataDirectory = o.DataDirectory, KeyAgreementKey = o.KeyAgreementKey, DigitalSignatureKey = o.DigitalSignatureKey,
            TrustAnchors = o.TrustAnchors, BrokerPort = o.BrokerPort, Meters = o.Meters, BackoffBaseMs = 100, BackoffMaxMs = 1000,
        });
        try
        {
            Assert.Equal(2, fleet.Hubs.Count);
            Assert.Equal([1, 2], started); // the start's progress, hub by hub
            var second = fleet.Hubs[1];
            Assert.Equal(0x00DB1234567890A3UL, second.Eui);
            Assert.True(Directory.Exists(Path.Combine(dir.Path, "00DB1234567890A3")));
            foreach (var eui in new[] { "00DB1234567890A2", "00DB1234567890A3" })
                await adapter.WaitForAsync(m => m.Topic == $"chub/{eui}/status" && Text(m.Payload).Contains("\"online\""), eui + " online");

            // The RTDS CCS01, addressed and MAC'd to the second hub (its own generated key).
            await adapter.PublishAsync("chub/00DB1234567890A3/down", HubSetup.Remac(Rtds.Ccs01Command, second.KeyAgreementPublicKey, second.Eui));
            var response = GbcsFrameParser.Parse((await adapter.WaitForAsync(
                m => IsFrame(m, "chub/00DB1234567890A3/up", CraFlag.Response, MessageCodes.CCS01), "second hub's CCS01 response")).Payload);
            Assert.Equal(second.Eui, response.Originator);
            Assert.Equal(CheckResult.Valid, new GbcsMac(new NetGbcsCrypto()).Verify(response, Rtds.Private(Rtds.Acb, KeyUsage.KeyAgreement), second.KeyAgreementPublicKey));
            await adapter.WaitForAsync(m => IsFrame(m, "chub/00DB1234567890A3/up", CraFlag.Alert, MessageCodes.CS14), "second hub's CS14");

            // The first hub saw nothing of it.
            Assert.Equal(0, await fleet.Hubs[0].InvokeAsync(() => fleet.Hubs[0].Engine.DeviceLog.Count));
            Assert.DoesNotContain(adapter.Seen, m => m.Topic == Up);
        }
        finally
        {
            await fleet.StopAsync(TimeSpan.FromSeconds(1)).WaitAsync(AdapterClient.Wait);
        }
    }

    private static bool IsFrame((string Topic, byte[] Payload, bool Retained) m, string topic, CraFlag cra, int messageCode)
    {
        if (m.Topic != topic) return false;
        var f = GbcsFrameParser.Parse(m.Payload);
        return f.Cra == cra && f.MessageCode == messageCode;
    }

    private static string Text(byte[] b) => Encoding.ASCII.GetString(b);
}
