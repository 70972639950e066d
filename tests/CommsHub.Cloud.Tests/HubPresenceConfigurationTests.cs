using CommsHub.Dcc.Dispatch;
using CommsHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// The host's <see cref="HubPresence"/> by broker mode: with the embedded broker (no hub has a session after a start) a
/// hub not seen yet is awaited for <c>Dispatch:HubReconnectGraceSeconds</c>, then offline; with an external broker (which
/// keeps the hubs' sessions) a hub never heard of counts as online, as before.
/// </summary>
public sealed class HubPresenceConfigurationTests
{
    private const ulong Unseen = 0x02C04B10000009A2UL;

    private static async Task<(bool Online, TimeSpan Awaited)> UnseenHubAsync(params string[] settings)
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-presence-" + Guid.NewGuid().ToString("N"));
        var app = CloudApp.Create(CloudFixture.LoopbackArguments(dir, settings), console: TextWriter.Null);
        try
        {
            var presence = app.Services.GetRequiredService<HubPresence>();
            return (presence.IsOnline(Unseen), presence.AwaitedFor(Unseen));
        }
        finally
        {
            await app.DisposeAsync();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [SharedDataFact]
    public async Task With_the_embedded_broker_an_unseen_hub_is_awaited_for_the_configured_grace()
    {
        var (online, awaited) = await UnseenHubAsync();
        Assert.False(online);
        Assert.InRange(awaited, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(60));

        (online, awaited) = await UnseenHubAsync("--CommsHub:Dispatch:HubReconnectGraceSeconds", "600");
        Assert.False(online);
        Assert.InRange(awaited, TimeSpan.FromSeconds(590), TimeSpan.FromSeconds(600));

        Assert.Equal((false, TimeSpan.Zero), await UnseenHubAsync("--CommsHub:Dispatch:HubReconnectGraceSeconds", "0"));
    }

    [SharedDataFact]
    public async Task With_an_external_broker_a_hub_never_heard_of_counts_as_online() =>
        Assert.Equal((true, TimeSpan.Zero), await UnseenHubAsync("--mqtt-mode", "External", "--CommsHub:Dispatch:HubReconnectGraceSeconds", "600"));
}
