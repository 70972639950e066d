using CommsHub.Cloud.Configuration;
using CommsHub.Dcc.Dispatch;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Firmware.Host.Runtime;
using CommsHub.Firmware.Host.Wan;
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
        Assert.InRange(awaited, TimeSpan.FromSeconds(320), TimeSpan.FromSeconds(330));

        (online, awaited) = await UnseenHubAsync("--CommsHub:Dispatch:HubReconnectGraceSeconds", "600");
        Assert.False(online);
        Assert.InRange(awaited, TimeSpan.FromSeconds(590), TimeSpan.FromSeconds(600));

        Assert.Equal((false, TimeSpan.Zero), await UnseenHubAsync("--CommsHub:Dispatch:HubReconnectGraceSeconds", "0"));
    }

    [Fact]
    public void The_default_grace_outlasts_a_hubs_longest_reconnect_delay_and_its_connect_attempt()
    {
        var grace = TimeSpan.FromSeconds(new DispatchSettings().HubReconnectGraceSeconds);
        using var transport = new MqttNetWanTransport("127.0.0.1", 1883, null);
        // The firmware's cap (a board's, after minutes without a broker) and the virtual hubs' this adapter runs.
        foreach (int maxMs in new[] { new WanLinkOptions().BackoffMaxMs, new VirtualHubOptions { Eui = 1, DataDirectory = "", KeyAgreementKey = null!, DigitalSignatureKey = null! }.BackoffMaxMs })
        {
            // The jitter only takes time off a step, never adds: no delay exceeds the cap, however long the outage.
            var backoff = new Backoff(new WanLinkOptions().BackoffBaseMs, maxMs, 7);
            int longest = Enumerable.Range(1, 200).Max(backoff.NextDelayMs);
            Assert.InRange(longest, maxMs / 2, maxMs);
            // A hub whose last attempt failed just before the broker listened waits the longest delay, then connects
            // (bounded by the transport's timeout) and announces itself: all within the grace.
            Assert.True(grace >= TimeSpan.FromMilliseconds(maxMs) + transport.Timeout,
                $"grace {grace.TotalSeconds} s < reconnect delay {maxMs / 1000} s + connect {transport.Timeout.TotalSeconds} s");
        }
    }

    [SharedDataFact]
    public async Task With_an_external_broker_a_hub_never_heard_of_counts_as_online() =>
        Assert.Equal((true, TimeSpan.Zero), await UnseenHubAsync("--mqtt-mode", "External", "--CommsHub:Dispatch:HubReconnectGraceSeconds", "600"));
}
