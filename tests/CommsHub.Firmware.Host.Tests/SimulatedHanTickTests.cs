using CommsHub.Firmware.Host.Runtime;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Firmware.Net;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>One device failing on its timer is that device's fault: the others on the HAN (and the hub's tick after it) run on.</summary>
public class SimulatedHanTickTests
{
    [SharedDataFact]
    public void A_device_that_throws_on_its_timer_does_not_stop_the_other_devices_timers()
    {
        var han = new SimulatedHan(new Inline(), new NetAes128(), SystemClock.Instance, NullLogger.Instance);
        var faulty = new TickingMeter(Rtds.Esme, fails: true);
        var healthy = new TickingMeter(Rtds.Gsme, fails: false);
        han.Attach(faulty); // ticked first
        han.Attach(healthy);

        han.Tick(DateTime.UtcNow);

        Assert.Equal(1, faulty.Ticks);
        Assert.Equal(1, healthy.Ticks);
    }

    private sealed class TickingMeter(ulong eui, bool fails)
        : VirtualMeter(eui, DeviceType.Esme, Cli.MeterSpec.RtdsInstallCode, TestMeters.Keys(eui), new NetGbcsCrypto())
    {
        public int Ticks { get; private set; }

        public override void Tick(DateTime now)
        {
            Ticks++;
            if (fails) throw new InvalidOperationException("the meter's timer failed");
        }

        protected override byte[]? Execute(GbcsMessage command) => null;
    }

    private sealed class Inline : IHubScheduler
    {
        public bool Post(Action work)
        {
            work();
            return true;
        }
    }
}
