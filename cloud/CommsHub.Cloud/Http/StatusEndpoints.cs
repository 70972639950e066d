using CommsHub.Cloud.Identity;
using CommsHub.Cloud.Mqtt;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Cloud.Http;

/// <summary><c>GET /health</c> and <c>GET /api/v1/hubs</c>.</summary>
public static class StatusEndpoints
{
    /// <summary>One hub in <c>GET /api/v1/hubs</c>.</summary>
    /// <param name="Eui">CHF EUI, 16 upper-case hex.</param>
    /// <param name="Connected">True while it has a broker connection.</param>
    /// <param name="ConnectedSince">When that connection was made (UTC), or null.</param>
    public sealed record HubView(string Eui, bool Connected, DateTimeOffset? ConnectedSince);

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (EmbeddedBroker broker, IdentitySet identities) => Results.Json(new
        {
            status = "ok",
            identity = identities.Mode.ToString().ToLowerInvariant(),
            mqtt = new { running = broker.IsRunning, port = broker.Port },
        }));

        // TODO(lead): list from the store's inventory once Storage lands; until then: hubs holding broker
        // credentials, plus any hub connected right now.
        app.MapGet("/api/v1/hubs", async (EmbeddedBroker broker, MqttCredentials credentials) =>
        {
            var connected = (await broker.ClientsAsync().ConfigureAwait(false))
                .Where(c => c.Principal.Kind == MqttPrincipalKind.Hub)
                .GroupBy(c => c.Principal.Eui)
                .ToDictionary(g => g.Key, g => g.Min(c => c.ConnectedAt));
            var hubs = credentials.Hubs.Concat(connected.Keys).Distinct().Order()
                .Select(h => new HubView(Eui64.ToText(h), connected.ContainsKey(h),
                    connected.TryGetValue(h, out var at) ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null));
            return Results.Json(hubs);
        });
    }
}
