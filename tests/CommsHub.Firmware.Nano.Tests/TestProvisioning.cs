using System.Text;
using CommsHub.Firmware.Nano.App;

namespace CommsHub.Firmware.Nano.Tests;

/// <summary>The provisioning file the app tests boot with (Ethernet WAN, fixed test scalars).</summary>
internal static class TestProvisioning
{
    public const string Eui = "00112233445566FF";

    public static Provisioning Parse() => Provisioning.Parse(Encoding.ASCII.GetBytes($"""
        eui={Eui}
        ka_key={new string('1', 64)}
        ds_key={new string('2', 64)}
        broker_host=broker.test
        wan=ethernet
        broker_ca=ca.pem
        device_cert=hub.pem
        device_key=hub.key
        """));
}
