using CommsHub.Cloud.Configuration;
using CommsHub.Cloud.Mqtt.External;
using CommsHub.Cloud.Mqtt.Inbound;
using Xunit;

namespace CommsHub.Cloud.Tests.Mosquitto;

/// <summary>External-broker settings are checked at start, each bad one named; and what the client subscribes to.</summary>
public sealed class ExternalBrokerOptionsTests
{
    private static IReadOnlyList<string> Failures(Action<CommsHubOptions> change)
    {
        var options = new CommsHubOptions();
        options.Mqtt.Mode = MqttMode.External;
        change(options);
        var result = new CommsHubOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures.ToList() : [];
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(Failures(_ => { }));

    [Theory]
    [InlineData("ShareGroup", "a/b", "CommsHub:Mqtt:External:ShareGroup 'a/b'")]
    [InlineData("ShareGroup", "g+", "CommsHub:Mqtt:External:ShareGroup 'g+'")]
    [InlineData("ClientId", "", "CommsHub:Mqtt:External:ClientId ''")]
    [InlineData("ClientId", "has space", "CommsHub:Mqtt:External:ClientId 'has space'")]
    [InlineData("ClientId", "site/a", "CommsHub:Mqtt:External:ClientId 'site/a' must not contain '/'")]
    [InlineData("Host", "", "CommsHub:Mqtt:External:Host ''")]
    public void A_bad_setting_is_named(string setting, string value, string message)
    {
        var failures = Failures(o => typeof(ExternalBrokerSettings).GetProperty(setting)!.SetValue(o.Mqtt.External, value));
        Assert.Contains(failures, f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_client_id_with_a_topic_separator_is_fine_without_adoption() =>
        Assert.Empty(Failures(o => { o.Mqtt.External.ClientId = "site/a"; o.Mqtt.External.AdoptPeerSessions = false; }));

    [Fact]
    public void Tls_files_must_exist_and_a_certificate_needs_its_key()
    {
        var failures = Failures(o =>
        {
            o.Mqtt.External.Port = 70000;
            o.Mqtt.External.Tls.Enabled = true;
            o.Mqtt.External.Tls.CaFile = "/nonexistent/ca.pem";
            o.Mqtt.External.Tls.CertificateFile = "/nonexistent/client.pem";
        });
        Assert.Contains("CommsHub:Mqtt:External:Port 70000 is not a TCP port", failures);
        Assert.Contains("CommsHub:Mqtt:External:Tls:CaFile '/nonexistent/ca.pem' does not exist", failures);
        Assert.Contains(failures, f => f.Contains("CertificateFile and CommsHub:Mqtt:External:Tls:KeyFile go together", StringComparison.Ordinal));
    }

    [Fact]
    public void The_demo_against_an_external_broker_needs_its_plain_listener()
    {
        var failures = Failures(o =>
        {
            o.Demo.Enabled = true;
            o.Mqtt.External.Tls.Enabled = true;
        });
        Assert.Contains(failures, f => f.StartsWith("CommsHub:Demo:Enabled with CommsHub:Mqtt:Mode External needs a plain listener", StringComparison.Ordinal));
    }

    [Fact]
    public void Up_frames_and_requests_are_shared_statuses_are_not()
    {
        Assert.Equal(["$share/g1/chub/+/up", "$share/g1/dcc/users/+/requests", "chub/+/status"], ExternalBrokerTopics.Filters("g1"));
        Assert.Equal((MqttInboundKind.HubUp, 0x00DB1234567890A2UL), ExternalBrokerTopics.Classify("chub/00DB1234567890A2/up"));
        Assert.Equal((MqttInboundKind.HubStatus, 0x00DB1234567890A2UL), ExternalBrokerTopics.Classify("chub/00DB1234567890A2/status"));
        Assert.Equal((MqttInboundKind.UserRequest, 0x90B3D51F30010000UL), ExternalBrokerTopics.Classify("dcc/users/90B3D51F30010000/requests"));
        Assert.Null(ExternalBrokerTopics.Classify("dcc/users/90b3d51f30010000/requests"));
        Assert.Null(ExternalBrokerTopics.Classify("chub/00DB1234567890A2/down"));
    }
}
