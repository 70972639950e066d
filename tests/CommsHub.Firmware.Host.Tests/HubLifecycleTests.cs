using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Host.Cli;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>The hub without a broker: restart over the same data folder, and a sleepy GSME fetching from its mailbox.</summary>
public class HubLifecycleTests
{
    // Nothing listens there: the link keeps backing off while the hub works and queues its frames on flash.
    private const int NoBroker = 1;

    [SharedDataFact]
    public async Task Device_log_counters_and_queued_frames_survive_a_restart_over_the_same_data_folder()
    {
        using var dir = new TempDir();
        using var ka = NetPrivateKey.Generate();
        using var ds = NetPrivateKey.Generate();
        var ccs01 = HubSetup.Remac(Rtds.Ccs01Command, ka.PublicKey);

        var hub = HubSetup.Start(dir.Path, NoBroker, ka, ds);
        Assert.Equal(WanMessageOutcome.Executed, await hub.InvokeAsync(() => hub.Engine.HandleWanMessage(ccs01, 0, ccs01.Length)));
        int queued = await hub.InvokeAsync(() => hub.Outbox.Count);
        Assert.Equal(2, queued); // the response and the CS14, waiting for a broker
        await hub.StopAsync(TimeSpan.Zero).WaitAsync(AdapterClient.Wait);

        var again = HubSetup.Start(dir.Path, NoBroker, ka, ds);
        try
        {
            Assert.NotNull(await again.InvokeAsync(() => again.Engine.DeviceLog.Find(Rtds.Esme)));
            Assert.Equal(queued, await again.InvokeAsync(() => again.Outbox.Count));
            // The same command again is a replay: the counter survived too.
            Assert.Equal(WanMessageOutcome.Rejected, await again.InvokeAsync(() => again.Engine.HandleWanMessage(ccs01, 0, ccs01.Length)));
            Assert.Equal(SecurityReason.Replay, await again.InvokeAsync(() => again.Engine.LastRejection));
        }
        finally
        {
            await again.StopAsync(TimeSpan.Zero).WaitAsync(AdapterClient.Wait);
        }
    }

    [SharedDataFact]
    public async Task Sleepy_gsme_joins_polls_its_mailbox_and_answers()
    {
        using var dir = new TempDir();
        using var ka = NetPrivateKey.Generate();
        using var ds = NetPrivateKey.Generate();
        var gsme = TestMeters.Gsme();
        gsme.PollInterval = TimeSpan.FromMilliseconds(100);
        var hub = HubSetup.Start(dir.Path, NoBroker, ka, ds, gsme);
        try
        {
            // As a CCS01 would: whitelist with the install code and open the join window.
            await hub.InvokeAsync(() =>
            {
                var log = hub.Engine.DeviceLog;
                log.Register(Rtds.Gsme, DeviceType.Gsme, MeterSpec.RtdsInstallCode);
                log.SetJoinTimeout(60);
                return log.SetJoiningEnabled(true);
            });
            await HubSetup.WaitUntilAsync(hub, () => hub.Engine.DeviceLog.Find(Rtds.Gsme)?.JoinState == JoinState.Joined, "GSME join");

            var gcs38 = HubSetup.Remac(Rtds.Message("11.2_GCS38/GCS38_11.2_SUCCESS_COMMAND_GBCS.HEX"), gsme.Keys.KeyAgreement.PublicKey);
            int before = await hub.InvokeAsync(() => hub.Outbox.Count);
            // Handled and counted in one turn of the hub loop: a tick between two turns may already let the GSME poll.
            var (outcome, held) = await hub.InvokeAsync(() =>
                (hub.Engine.HandleWanMessage(gcs38, 0, gcs38.Length), hub.Bridge.MailboxCount(Rtds.Gsme)));
            Assert.Equal(WanMessageOutcome.Forwarded, outcome);
            Assert.Equal(1, held); // held until the GSME polls

            await HubSetup.WaitUntilAsync(hub, () => hub.Outbox.Count > before, "GSME response queued for the WAN");
            var buffer = new byte[hub.Outbox.MaxFrameLength];
            int n = 0;
            await hub.InvokeAsync(() =>
            {
                // Skip what was queued before the response (CS14s of the join).
                for (int i = 0; i < before; i++) hub.Outbox.Acknowledge(hub.Outbox.HeadId);
                n = hub.Outbox.ReadHead(buffer, 0, out _);
                return n;
            });
            var response = GbcsFrameParser.Parse(buffer, 0, n);
            Assert.Equal(Rtds.Gsme, response.Originator);
            Assert.Equal(CraFlag.Response, response.Cra);
            Assert.Equal(0, await hub.InvokeAsync(() => hub.Bridge.MailboxCount(Rtds.Gsme)));
            Assert.True(gsme.Polls > 0);
        }
        finally
        {
            await hub.StopAsync(TimeSpan.Zero).WaitAsync(AdapterClient.Wait);
        }
    }
}
