using System.Net;
using System.Text.Json;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Asn1;
using CommsHub.Dcc.Smki;
using CommsHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// <c>GET /api/v1/hubs</c>: the CHFs of the Smart Metering Inventory, their meters, the live online flag; for the operator
/// only, since it lists MPxNs (personal data).
/// </summary>
[Collection(CloudCollection.Name)]
public sealed class HubsEndpointTests(CloudFixture cloud)
{
    private static string Eui(ulong eui) => eui.ToString("X16", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<JsonElement> HubsAsync()
    {
        var response = await cloud.Operator.GetAsync("/api/v1/hubs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [SharedDataFact]
    public async Task Without_the_operator_token_it_is_refused_and_names_no_hub()
    {
        var response = await cloud.Http.GetAsync("/api/v1/hubs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Eui(DemoIdentities.Hubs[0]), body);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/hubs");
        wrong.Headers.Authorization = new("Bearer", new string('0', 64));
        Assert.Equal(HttpStatusCode.Unauthorized, (await cloud.Http.SendAsync(wrong)).StatusCode);
    }

    [SharedDataFact]
    public async Task Lists_the_inventory_hubs_with_their_meters_and_presence()
    {
        // Other tests of this collection connect and disconnect as the demo hubs, which takes them offline: start from online.
        var presence = cloud.App.Services.GetRequiredService<HubPresence>();
        foreach (var hub in DemoIdentities.Hubs) presence.Set(hub, true);
        var hubs = await HubsAsync();
        Assert.Equal(DemoIdentities.Hubs.Select(Eui).Order(StringComparer.Ordinal),
            hubs.EnumerateArray().Select(h => h.GetProperty("eui").GetString()!));
        foreach (var hub in DemoIdentities.Hubs)
        {
            var view = Assert.Single(hubs.EnumerateArray(), h => h.GetProperty("eui").GetString() == Eui(hub));
            Assert.True(view.GetProperty("online").GetBoolean());
            var meters = view.GetProperty("meters").EnumerateArray().ToList();
            Assert.Equal([(Eui(hub - 2), "Esme"), (Eui(hub - 1), "Gsme")],
                meters.Select(m => (m.GetProperty("eui").GetString()!, m.GetProperty("type").GetString()!)).ToList());
            Assert.All(meters, m => Assert.Single(m.GetProperty("mpxns").EnumerateArray()));
        }

        // A CHF added to the inventory without meters, offline: listed with online false (the demo hubs are left alone,
        // so no sweep answers their requests E20).
        var store = cloud.App.Services.GetRequiredService<IDccStore>();
        const ulong extra = 0x02C04B10000009A2UL;
        store.Inventory.Upsert(new InventoryDevice(extra, DeviceType.Chf, SmiStatus.Commissioned, DateTimeOffset.UtcNow, [], null));
        presence.Set(extra, false);
        hubs = await HubsAsync();
        var added = Assert.Single(hubs.EnumerateArray(), h => h.GetProperty("eui").GetString() == Eui(extra));
        Assert.False(added.GetProperty("online").GetBoolean());
        Assert.Empty(added.GetProperty("meters").EnumerateArray());
        Assert.True(Assert.Single(hubs.EnumerateArray(), h => h.GetProperty("eui").GetString() == Eui(DemoIdentities.Hubs[0])).GetProperty("online").GetBoolean());
    }
}
