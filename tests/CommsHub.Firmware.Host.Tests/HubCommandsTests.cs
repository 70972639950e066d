using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Host.Cli;
using CommsHub.Firmware.Host.Runtime;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>The stdin line commands of <c>commshub-hub</c>, on a hub without a broker (frames queue in its outbox).</summary>
public class HubCommandsTests
{
    private const int NoBroker = 1;

    [SharedDataFact]
    public async Task Alert_makes_a_joined_meter_raise_the_code_through_its_hub()
    {
        await using var rig = await Rig.StartAsync(join: true);
        int before = await rig.Hub.InvokeAsync(() => rig.Hub.Outbox.Count);

        Assert.True(await rig.Commands.Execute("alert 00DB1234567890A0 8F01"));

        Assert.Equal("commshub-hub: alert 0x8F01 raised by 00DB1234567890A0 (hub 00DB1234567890A2)", rig.Answer());
        await HubSetup.WaitUntilAsync(rig.Hub, () => rig.Hub.Outbox.Count > before, "alert queued for the WAN");
        var alert = await rig.LastQueued();
        Assert.Equal(CraFlag.Alert, alert.Cra);
        Assert.Equal(Rtds.Esme, alert.Originator);
        Assert.Equal(Rtds.Supplier, alert.Target);
        Assert.Equal(VirtualMeter.GenericNonCriticalAlertCode, alert.MessageCode);
        Assert.Equal(0x8F01, DataNotification.Decode(alert.Buffer, alert.ContentOffset, alert.ContentLength).AlertCode);
    }

    [SharedDataFact]
    public async Task Without_a_code_the_rtds_non_critical_alert_is_raised()
    {
        await using var rig = await Rig.StartAsync(join: true);

        Assert.True(await rig.Commands.Execute("  ALERT   00-DB-12-34-56-78-90-A0  "));

        Assert.Equal("commshub-hub: alert 0x810E raised by 00DB1234567890A0 (hub 00DB1234567890A2)", rig.Answer());
    }

    [SharedDataFact]
    public async Task A_meter_that_has_not_joined_raises_nothing()
    {
        await using var rig = await Rig.StartAsync(join: false);
        int before = await rig.Hub.InvokeAsync(() => rig.Hub.Outbox.Count);

        Assert.False(await rig.Commands.Execute("alert 00DB1234567890A0"));

        Assert.Equal("commshub-hub: alert: 00DB1234567890A0 (hub 00DB1234567890A2) has not joined the HAN", rig.Answer());
        Assert.Equal(before, await rig.Hub.InvokeAsync(() => rig.Hub.Outbox.Count));
    }

    [SharedDataTheory]
    [InlineData("alert 00DB1234567890A9", "commshub-hub: alert: no simulated device 00DB1234567890A9 on these hubs")]
    [InlineData("alert 00DB1234567890A0 12345", "commshub-hub: alert: alert code '12345' is not 1 to 4 hex digits")]
    [InlineData("alert nonsense", "commshub-hub: alert: 'nonsense' is not an EUI-64 (16 hex digits)")]
    [InlineData("reboot", "commshub-hub: 'reboot' is not a command; " + HubCommands.Usage)]
    [InlineData("alert 00DB1234567890A0 810E extra", "commshub-hub: alert: expected 'alert EUI [CODE]'")]
    public async Task A_bad_line_gets_one_line_saying_why(string line, string answer)
    {
        await using var rig = await Rig.StartAsync(join: false);

        Assert.False(await rig.Commands.Execute(line));

        Assert.Equal(answer, rig.Answer());
    }

    [SharedDataFact]
    public async Task Lines_are_read_from_the_input_until_it_ends()
    {
        await using var rig = await Rig.StartAsync(join: false);

        rig.Commands.Listen(new StringReader("help\n\nalert 00DB1234567890A9\n"));

        await HubSetup.WaitUntilAsync(rig.Hub, () => rig.Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 2, "two answers");
        Assert.StartsWith("commshub-hub: line commands on stdin:", rig.Output.ToString());
        Assert.Contains("no simulated device 00DB1234567890A9", rig.Output.ToString());
    }

    /// <summary>One hub with the RTDS ESME in range (joined or not), and the commands over it.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly TempDir _dir;
        private readonly NetPrivateKey _ka;
        private readonly NetPrivateKey _ds;

        private Rig(TempDir dir, NetPrivateKey ka, NetPrivateKey ds, VirtualHub hub)
        {
            _dir = dir;
            _ka = ka;
            _ds = ds;
            Hub = hub;
            Commands = new HubCommands([hub], Output);
        }

        public VirtualHub Hub { get; }

        public StringWriter Output { get; } = new();

        public HubCommands Commands { get; }

        public static async Task<Rig> StartAsync(bool join)
        {
            var dir = new TempDir();
            var ka = NetPrivateKey.Generate();
            var ds = NetPrivateKey.Generate();
            var rig = new Rig(dir, ka, ds, HubSetup.Start(dir.Path, NoBroker, ka, ds, TestMeters.Esme()));
            if (join)
            {
                // As a CCS01 would: whitelist with the install code and open the join window.
                await rig.Hub.InvokeAsync(() =>
                {
                    var log = rig.Hub.Engine.DeviceLog;
                    log.Register(Rtds.Esme, DeviceType.Esme, MeterSpec.RtdsInstallCode);
                    log.SetJoinTimeout(60);
                    return log.SetJoiningEnabled(true);
                });
                await HubSetup.WaitUntilAsync(rig.Hub, () => rig.Hub.Engine.DeviceLog.Find(Rtds.Esme)?.JoinState == JoinState.Joined, "ESME join");
            }
            return rig;
        }

        /// <summary>The single answer line written so far.</summary>
        public string Answer() => Assert.Single(Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r');

        /// <summary>The newest frame in the outbox.</summary>
        public async Task<GbcsMessage> LastQueued()
        {
            var buffer = new byte[Hub.Outbox.MaxFrameLength];
            int n = await Hub.InvokeAsync(() =>
            {
                while (Hub.Outbox.Count > 1) Hub.Outbox.Acknowledge(Hub.Outbox.HeadId);
                return Hub.Outbox.ReadHead(buffer, 0, out _);
            });
            return GbcsFrameParser.Parse(buffer, 0, n);
        }

        public async ValueTask DisposeAsync()
        {
            await Hub.StopAsync(TimeSpan.Zero).WaitAsync(AdapterClient.Wait);
            _ka.Dispose();
            _ds.Dispose();
            _dir.Dispose();
        }
    }
}
