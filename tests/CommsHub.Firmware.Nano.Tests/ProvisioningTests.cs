using System.Text;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Nano.App;

namespace CommsHub.Firmware.Nano.Tests;

public sealed class ProvisioningTests
{
    private static readonly string Point = "04" + new string('1', 128);
    private static readonly string Scalar = new('a', 64);

    private static string Valid => $"""
        # first boot
        eui=00112233445566FF
        ka_key={Scalar}
        ds_key={Scalar}
        broker_host=broker.example
        wifi_ssid=hub-net
        wifi_password=secret
        broker_ca=ca.pem
        device_cert=hub.pem
        device_key=hub.key
        anchor.AccessControlBroker=0102030405060708,{Point},{Point}
        anchor.Supplier=0102030405060709,{Point},
        """;

    private static Provisioning Parse(string text) => Provisioning.Parse(Encoding.ASCII.GetBytes(text.Replace("\n", "\r\n")));

    [Fact]
    public void A_complete_file_parses()
    {
        var p = Parse(Valid);
        Assert.Equal(0x00112233445566FFUL, p.Eui);
        Assert.Equal(8883, p.BrokerPort);
        Assert.True(p.UseWifi);
        Assert.Equal("hub-net", p.WifiSsid);
        Assert.Equal(32, p.KeyAgreementScalar.Length);
        Assert.Equal(2, p.Anchors.Length);
        Assert.Equal(RemotePartyRole.AccessControlBroker, p.Anchors[0].Role);
        Assert.Null(p.Anchors[1].KaPublicKey);
    }

    [Theory]
    [InlineData("eui=", "eui must be 16 hex digits")]
    [InlineData("brokr_host=x", "unknown key 'brokr_host'")]
    [InlineData("broker_port=70000", "broker_port must be 1..65535")]
    [InlineData("wan=lte", "wan must be wifi or ethernet")]
    [InlineData("anchor.Boss=0102030405060708,,", "unknown anchor role 'Boss'")]
    [InlineData("anchor.Root=0102030405060708,,", "has neither a DS nor a KA key")]
    [InlineData("just text", "expected key=value")]
    public void A_malformed_setting_is_named(string line, string message)
    {
        var e = Assert.Throws<ProvisioningException>(() => Parse(Valid + "\n" + line));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_bad_key_is_reported_without_its_value()
    {
        var e = Assert.Throws<ProvisioningException>(() => Parse(Valid.Replace("ka_key=" + Scalar, "ka_key=" + Scalar[..62] + "zz")));
        Assert.Equal("ka_key must be 64 hex digits", e.Message);
    }

    [Fact]
    public void A_missing_setting_is_named_and_ethernet_needs_no_ssid()
    {
        var e = Assert.Throws<ProvisioningException>(() => Parse(Valid.Replace("broker_host=broker.example", "")));
        Assert.Equal("missing broker_host", e.Message);
        var eth = Parse(Valid.Replace("wifi_ssid=hub-net", "wan=ethernet"));
        Assert.False(eth.UseWifi);
        Assert.Throws<ProvisioningException>(() => Provisioning.Parse(null!));
        Assert.Throws<ProvisioningException>(() => Provisioning.Parse([0x65, 0x75, 0x69, 0x3D, 0x80]));
    }
}
