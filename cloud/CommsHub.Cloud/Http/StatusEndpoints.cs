using CommsHub.Cloud.Identity;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Cloud.Http;

/// <summary>
/// <c>GET /health</c> (open: a liveness probe that names no device) and <c>GET /api/v1/hubs</c>, which lists meters and
/// their MPANs/MPRNs, personal data under the SEC's privacy rules: it needs the operator token
/// (<see cref="OperatorAccess.Policy"/>), like the operator endpoints.
/// </summary>
public static class StatusEndpoints
{
    /// <summary>One hub in <c>GET /api/v1/hubs</c>.</summary>
    /// <param name="Eui">CHF EUI, 16 upper-case hex.</param>
    /// <param name="Status">The CHF's SMI status.</param>
    /// <param name="Online">The live presence flag (retained status and broker connection; hubs never heard of count as online).</param>
    /// <param name="Meters">The meters (ESME, GSME) whose Communications Hub it is.</param>
    public sealed record HubView(string Eui, string Status, bool Online, IReadOnlyList<MeterView> Meters);

    /// <summary>One meter of a hub.</summary>
    /// <param name="Eui">Device EUI, 16 upper-case hex.</param>
    /// <param name="Type">Device type (<c>Esme</c>, <c>Gsme</c>).</param>
    /// <param name="Status">SMI status.</param>
    /// <param name="Mpxns">The MPANs/MPRNs it serves.</param>
    public sealed record MeterView(string Eui, string Type, string Status, IReadOnlyList<string> Mpxns);

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (EmbeddedBroker broker, Mqtt.Inbound.IMqttMessageSource source, IdentitySet identities) => Results.Json(new
        {
            status = "ok",
            identity = identities.Mode.ToString().ToLowerInvariant(),
            // External mode: running = connected to the external broker; the embedded ports are 0.
            mqtt = new { running = source.IsRunning, port = broker.Port, tlsPort = broker.TlsPort },
        }));

        // From the Smart Metering Inventory: every CHF, its meters, and whether it is online right now.
        app.MapGet("/api/v1/hubs", (IDccStore store, HubPresence presence) => Results.Json(
            store.Inventory.OfType(DeviceType.Chf).Select(hub => new HubView(
                Eui64.ToText(hub.Eui), hub.Status.ToString(), presence.IsOnline(hub.Eui),
                store.Inventory.OnHub(hub.Eui).Where(d => d.Type is DeviceType.Esme or DeviceType.Gsme)
                    .Select(m => new MeterView(Eui64.ToText(m.Eui), m.Type.ToString(), m.Status.ToString(), m.Mpxns))
                    .ToList()))))
            .RequireAuthorization(OperatorAccess.Policy);
    }
}
