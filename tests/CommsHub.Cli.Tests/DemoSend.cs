using System.Globalization;

namespace CommsHub.Cli.Tests;

/// <summary><c>commshub send ...</c> against the demo adapter as the README runs it: its keys and broker password from its data folder.</summary>
internal static class DemoSend
{
    /// <summary>Runs <c>send</c> with <paramref name="args"/>; stdout split into trimmed, non-empty lines.</summary>
    public static Task<(int Exit, string[] Stdout, string Stderr)> RunAsync(DemoAdapter demo, params string[] args) => Task.Run(() =>
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = CliApp.Run(
            ["send", .. args, "--url", demo.HttpUrl, "--mqtt-port", demo.MqttPort.ToString(CultureInfo.InvariantCulture), "--data", demo.DataDirectory], stdout, stderr);
        return (exit, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), stderr.ToString());
    });
}
