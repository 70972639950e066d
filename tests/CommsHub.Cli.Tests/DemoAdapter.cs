using CommsHub.Cloud;
using CommsHub.Cloud.Demo;
using CommsHub.Cloud.Mqtt;
using CommsHub.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// The adapter as <c>--demo</c> runs it, in-process on loopback with free ports over a fresh temp data directory: one
/// virtual hub whose ESME and GSME the demo joins itself. <c>read-meter</c> then runs against it exactly as the README
/// says, with <c>--url</c>, <c>--mqtt-port</c> and <c>--data-dir</c> pointing here.
/// </summary>
public sealed class DemoAdapter : IAsyncLifetime
{
    private static readonly TimeSpan JoinWait = TimeSpan.FromSeconds(60);

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "commshub-cli-demo-" + Guid.NewGuid().ToString("N"));

    public WebApplication App { get; private set; } = null!;

    public DemoHub Hub => App.Services.GetRequiredService<DemoLauncher>().Hubs[0];

    public string HttpUrl => CloudApp.HttpAddresses(App)[0];

    public int MqttPort => App.Services.GetRequiredService<EmbeddedBroker>().Port;

    public async Task InitializeAsync()
    {
        if (!SharedData.Available) return;
        App = CloudApp.Create(
        [
            "--data-dir", DataDirectory, "--http-url", "http://127.0.0.1:0", "--mqtt-port", "0", "--demo", "--demo-hubs", "1",
            "--duis-schemas", SharedData.PathOf("vectors/gbcs/duis"), "--Logging:LogLevel:Default=Warning",
        ], console: TextWriter.Null);
        await App.StartAsync();
        await App.Services.GetRequiredService<DemoLauncher>().Joining.WaitAsync(JoinWait);
        foreach (var meter in Hub.Meters)
            Assert.True(await Hub.Hub.InvokeAsync(() => meter.Meter.IsJoined), $"demo {meter.Kind} did not join");
    }

    public async Task DisposeAsync()
    {
        if (App is null) return;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await App.StopAsync(stop.Token);
        await App.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    /// <summary>The demo meter of that kind ("ESME", "GSME").</summary>
    public DemoMeter Meter(string kind) => Hub.Meters.Single(m => m.Kind == kind);
}
