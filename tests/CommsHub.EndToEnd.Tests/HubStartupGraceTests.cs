using CommsHub.Cloud.Demo;
using CommsHub.Cloud.Identity;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Smki;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;
using CommsHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CommsHub.EndToEnd.Tests;

/// <summary>The adapter with only the first demo hub running: the second is started by the test, late.</summary>
public sealed class LateHubRig : AdapterRig
{
    // A short response timeout, so a command lost to a hub with no session ends E21 well within the rig's wait.
    protected override IEnumerable<string> Settings => ["--CommsHub:Demo:Hubs=1", "--response-timeout", "10"];

    /// <summary>Starts the demo hub the rig left out (<see cref="DemoIdentities.Hubs"/>[1]) and waits until its link is connected.</summary>
    public async Task<LateHub> StartLateHubAsync()
    {
        var services = App.Services;
        var identities = services.GetRequiredService<IdentitySet>();
        var late = new LateHub(Path.Combine(Path.GetTempPath(), "commshub-e2e-late-" + Guid.NewGuid().ToString("N")));
        var secret = services.GetRequiredService<MqttCredentials>().SecretOf(Eui64.ToText(DemoIdentities.Hubs[1]))!;
        late.Hub = DemoHubs.Start(1, identities.KeysDirectory, late.Folder, identities.DccEui, "127.0.0.1",
            services.GetRequiredService<EmbeddedBroker>().Port, secret, late.Owned, services.GetRequiredService<ILoggerFactory>());
        try
        {
            await Until(() => late.Hub.Hub.InvokeAsync(() => late.Hub.Hub.Link.State == WanLinkState.Connected), "late hub online");
        }
        catch
        {
            await late.DisposeAsync();
            throw;
        }
        return late;
    }
}

/// <summary>A demo hub a test started late: stopped, its keys released and its folder deleted on dispose.</summary>
public sealed class LateHub(string folder) : IAsyncDisposable
{
    /// <summary>Where its flash lives.</summary>
    public string Folder { get; } = folder;

    /// <summary>The keys it loaded.</summary>
    public List<IDisposable> Owned { get; } = [];

    /// <summary>The running hub.</summary>
    public DemoHub Hub { get; set; } = null!;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Hub is not null) await Hub.Hub.StopAsync(TimeSpan.FromSeconds(1));
        foreach (var key in Owned) key.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// The embedded broker lives in the adapter's process, so after a (re)start no hub has a session on it until the hub
/// reconnects. A request accepted for a hub in that window is held while the hub is awaited (the start-up grace,
/// <c>CommsHub:Dispatch:HubReconnectGraceSeconds</c>) and published when the hub announces itself, rather than published
/// to nobody and answered E21 at its deadline.
/// </summary>
public sealed class HubStartupGraceTests(LateHubRig rig) : IClassFixture<LateHubRig>
{
    private const ulong Supplier = DemoIdentities.Supplier;

    [SharedDataFact]
    public async Task A_read_accepted_before_its_hub_connects_is_answered_I0_once_the_hub_connects_within_the_grace()
    {
        var eui = DemoIdentities.Hubs[1];
        Assert.DoesNotContain(rig.Hubs, h => h.Eui == eui);
        using var signer = rig.Signer(Supplier);

        // 8.9 for the hub the adapter has not heard from since it started: accepted (I99) and held.
        var read = DuisTemplates.Signed(DuisTemplates.ReadDeviceLog, signer, Supplier, eui, DuisTemplates.NextCounter());
        var (accepted, _) = await rig.PostAsync(read);
        Assert.Equal("I99", accepted.Code);
        var requestId = accepted.Field("RequestID");
        await Task.Delay(TimeSpan.FromSeconds(3)); // a sweep or more passes while the hub is away
        Assert.DoesNotContain(rig.ReceivedBy(Supplier), r => r.Field("RequestID") == requestId && r.Code is not "I99");

        // The hub comes (back) within the grace: the held command goes out and the hub answers it.
        await using var hub = await rig.StartLateHubAsync();
        var answer = await rig.ReceiveAsync(Supplier, r => r.Field("RequestID") == requestId && r.Code is not "I99", "8.9 answer");
        Assert.Equal("I0", answer.Code);
        var ccs06 = GbcsFrameParser.Parse(Convert.FromBase64String(answer.Field("GBCSPayload")!));
        Assert.Equal((CraFlag.Response, eui, MessageCodes.CCS06), (ccs06.Cra, ccs06.Originator, ccs06.MessageCode));
    }
}
