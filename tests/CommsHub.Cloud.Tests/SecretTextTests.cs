using CommsHub.Cloud.Mqtt;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>A type holding a secret does not print it: a log line or an exception message that names the object
/// (<c>{entry}</c>) must not carry the password.</summary>
public sealed class SecretTextTests
{
    [Fact]
    public void An_mqtt_credential_prints_its_username_and_kind_but_not_its_secret()
    {
        var entry = new MqttCredentials.Entry("02C04B0000010000", MqttPrincipalKind.User, "hunter2hunter2");

        var text = entry.ToString();

        Assert.DoesNotContain("hunter2", text);
        Assert.Contains("02C04B0000010000", text);
    }
}
