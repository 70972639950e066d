using CommsHub.Cloud.Demo;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// The service as <c>--demo</c> runs it (one virtual hub, <see cref="TestHubs.HubA"/>, with its ESME and GSME joined),
/// for tests that need a real hub to answer a read end to end.
/// </summary>
public sealed class DemoCloudFixture() : CloudFixture("--demo", "--demo-hubs", "1")
{
    private static readonly TimeSpan JoinWait = TimeSpan.FromSeconds(60);

    /// <summary>The running demo hub.</summary>
    public DemoHub Hub => App.Services.GetRequiredService<DemoLauncher>().Hubs[0];

    /// <inheritdoc/>
    protected override async Task StartedAsync()
    {
        await App.Services.GetRequiredService<DemoLauncher>().Joining.WaitAsync(JoinWait);
        foreach (var meter in Hub.Meters)
            Assert.True(await Hub.Hub.InvokeAsync(() => meter.Meter.IsJoined), $"demo {meter.Kind} did not join");
    }
}
