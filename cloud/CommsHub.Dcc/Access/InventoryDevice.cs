using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Access;

/// <summary>
/// One device in the Smart Metering Inventory (SEC-DCC.md §8: type, ID, SMI status and the date it applies from,
/// MPxN for smart meters, and the Communications Hub / meter it is associated with).
/// </summary>
/// <param name="Eui">Device ID (EUI-64).</param>
/// <param name="Type">GBCS device type: ESME, GSME, CHF, GPF, HCALCS, PPMID, Type 2.</param>
/// <param name="Status">SMI status.</param>
/// <param name="StatusSince">When <paramref name="Status"/> took effect (UTC).</param>
/// <param name="Mpxns">Metering points the device serves directly: a meter's import MPAN / MPRN, secondary
/// import MPAN and export MPAN. Empty for hubs, PPMIDs, HCALCS and Type 2 devices.</param>
/// <param name="CommsHub">The CHF this device hangs off (its HAN); null for a CHF itself or when not yet known.</param>
public sealed record InventoryDevice(
    ulong Eui,
    DeviceType Type,
    SmiStatus Status,
    DateTimeOffset StatusSince,
    IReadOnlyList<string> Mpxns,
    ulong? CommsHub);
