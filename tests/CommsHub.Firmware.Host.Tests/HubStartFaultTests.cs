using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Host.Cli;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Microsoft.Extensions.Logging;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// A fault while a hub starts is that hub's alone: the process runs many hubs, and an exception escaping a hub's loop
/// thread would end them all.
/// </summary>
public class HubStartFaultTests
{
    // Nothing listens there: the hubs work without a broker.
    private const int NoBroker = 1;

    [SharedDataFact]
    public async Task A_radio_fault_while_the_hub_re_arms_joining_at_start_up_is_logged_and_ends_no_hub()
    {
        using var dir = new TempDir();
        using var ka = NetPrivateKey.Generate();
        using var ds = NetPrivateKey.Generate();
        string faultyData = Path.Combine(dir.Path, "faulty");
        // A device whitelisted with its join window still open: the next start re-arms its join on the radio.
        var before = HubSetup.Start(faultyData, NoBroker, ka, ds);
        Assert.Equal(DeviceLogResult.Success, await before.InvokeAsync(() =>
        {
            var log = before.Engine.DeviceLog;
            log.Register(Rtds.Esme, DeviceType.Esme, MeterSpec.RtdsInstallCode);
            log.SetJoinTimeout(600);
            return log.SetJoiningEnabled(true);
        }));
        await before.StopAsync(TimeSpan.Zero).WaitAsync(AdapterClient.Wait);

        var other = HubSetup.Start(Path.Combine(dir.Path, "other"), NoBroker, ka, ds);
        var faults = new FaultLog();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(faults));
        var hub = HubSetup.Start(faultyData, NoBroker, ka, ds, _ => new FailingRadio(), loggers);
        try
        {
            // The loop re-arms joining before it runs any posted work, so the radio has failed by now; the hub runs on ...
            Assert.True(await hub.InvokeAsync(() => hub.Engine.DeviceLog.JoiningEnabled));
            // ... the fault is reported as this hub's ...
            var fault = Assert.Single(faults.Errors);
            Assert.Equal(FailingRadio.Failure, fault.Exception?.Message);
            Assert.Contains("hub " + CommsHub.Protocol.Encoding.Eui64.ToText(Rtds.Chf), fault.Message, StringComparison.Ordinal);
            // ... and the other hub in the process runs on too.
            Assert.Equal(0, await other.InvokeAsync(() => other.Outbox.Count));
        }
        finally
        {
            await hub.StopAsync(TimeSpan.Zero).WaitAsync(AdapterClient.Wait);
            await other.StopAsync(TimeSpan.Zero).WaitAsync(AdapterClient.Wait);
        }
    }

    // An NCP whose serial link has gone: every call that reaches the radio throws, as a write to a dead port does.
    private sealed class FailingRadio : IHanNetwork
    {
        public const string Failure = "the NCP's serial port is gone";

        public event HanPayloadHandler? PayloadReceived { add { } remove { } }

        public event HanJoinHandler? DeviceJoined { add { } remove { } }

        public event HanDeviceHandler? DeviceLeft { add { } remove { } }

        public event HanDeviceHandler? DevicePolled { add { } remove { } }

        public bool Send(ulong destination, byte[] payload, int offset, int count) => throw new IOException(Failure);

        public void PermitJoin(ulong device, byte[] linkKey, int seconds) => throw new IOException(Failure);

        public void RemoveDevice(ulong device) => throw new IOException(Failure);
    }
}
