using CommsHub.Cloud.Mqtt;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// <c>broker mosquitto-config</c> refuses arguments that would break out of their line in <c>mosquitto.conf</c> (a line
/// break in <c>--user</c> or a path would add directives of its own, e.g. <c>allow_anonymous true</c> or another
/// listener): one line on stderr, exit 1, nothing written.
/// </summary>
public sealed class BrokerArgumentTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-brokerargs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("--user", "mosquitto\nallow_anonymous true")]
    [InlineData("--user", "mosquitto nobody")]
    [InlineData("--user", "")]
    [InlineData("--dynsec-plugin", "/usr/lib/dynsec.so\nlistener 1883 0.0.0.0")]
    [InlineData("--out", "out\nallow_anonymous true")]
    public void An_argument_that_would_break_its_config_line_is_refused(string option, string value)
    {
        MqttCredentials.LoadOrCreate(Path.Combine(_dir, "data", "mqtt", "credentials.json"), [0x02C04B10000001A2], [0x02C04B0000010000]);
        var output = Path.Combine(_dir, "out");
        string[] args = ["broker", "mosquitto-config", "--data", Path.Combine(_dir, "data"), "--tls-port", "0", "--plain-port", "18884"];
        args = option == "--out" ? [.. args, "--out", Path.Combine(_dir, value)] : [.. args, "--out", output, option, value];
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        Assert.Equal(1, CliApp.Run(args, stdout, stderr));
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("commshub: ", line);
        Assert.Contains(option, line);
        Assert.Equal("", stdout.ToString());
        Assert.Equal([Path.Combine(_dir, "data")], Directory.GetDirectories(_dir));
    }
}
