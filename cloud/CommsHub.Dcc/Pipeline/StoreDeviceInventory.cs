using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Pipeline;

/// <summary>The transform's view of the Smart Metering Inventory (<see cref="IDeviceInventory"/>) over the store.</summary>
public sealed class StoreDeviceInventory(IInventoryStore inventory, IDeviceInventory? fallback = null) : IDeviceInventory
{
    private readonly IInventoryStore _inventory = inventory ?? throw new ArgumentNullException(nameof(inventory));

    /// <inheritdoc />
    public DeviceType? DeviceTypeOf(ulong eui) => _inventory.Find(eui)?.Type ?? fallback?.DeviceTypeOf(eui);

    /// <inheritdoc />
    /// <remarks>The store keeps no copies of CHF device logs yet; only the fallback can answer.</remarks>
    public ChfDeviceLogRecord? DeviceLogOf(ulong chf) => fallback?.DeviceLogOf(chf);
}
