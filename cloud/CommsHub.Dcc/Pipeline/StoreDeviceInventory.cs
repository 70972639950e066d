using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Pipeline;

/// <summary>The transform's view of the Smart Metering Inventory (<see cref="IDeviceInventory"/>) over the store.</summary>
/// <param name="inventory">The store.</param>
/// <param name="fallback">Facts the store lacks (device-log copies, devices not yet in the inventory).</param>
/// <param name="known">A device already read for this request: answered without another query (the transform asks for
/// the target's type several times per request, each a store round trip otherwise).</param>
public sealed class StoreDeviceInventory(IInventoryStore inventory, IDeviceInventory? fallback = null, Access.InventoryDevice? known = null) : IDeviceInventory
{
    private readonly IInventoryStore _inventory = inventory ?? throw new ArgumentNullException(nameof(inventory));

    /// <inheritdoc />
    public DeviceType? DeviceTypeOf(ulong eui) =>
        (known is { } k && k.Eui == eui ? k : _inventory.Find(eui))?.Type ?? fallback?.DeviceTypeOf(eui);

    /// <inheritdoc />
    /// <remarks>The store keeps no copies of CHF device logs yet; only the fallback can answer.</remarks>
    public ChfDeviceLogRecord? DeviceLogOf(ulong chf) => fallback?.DeviceLogOf(chf);
}
