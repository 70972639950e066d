using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Pipeline;

/// <summary>
/// The transform's view of the Smart Metering Inventory over the store: device types (<see cref="IDeviceInventory"/>),
/// device models (<see cref="IDeviceProfiles"/>) and CINs (<see cref="ICustomerIdentificationNumbers"/>).
/// </summary>
/// <remarks>
/// The stored inventory record holds no ESME variant, GBCS version or CIN. Profiles are derived: the fallback's when it
/// records one, else none, so <see cref="DeviceProfile.Default"/> (a current single element device) applies and 4.10,
/// 1.6, 2.1 and the 6.x configuration SRVs are transformed instead of refused. CINs come only from the fallback: a CIN
/// is allocated by the DCC and must be the same one returned to the user, so it cannot be derived from the record.
/// </remarks>
/// <param name="inventory">The store.</param>
/// <param name="fallback">Facts the store lacks (device-log copies, devices not yet in the inventory).</param>
/// <param name="known">A device already read for this request: answered without another query (the transform asks for
/// the target's type several times per request, each a store round trip otherwise).</param>
public sealed class StoreDeviceInventory(IInventoryStore inventory, IDeviceInventory? fallback = null, Access.InventoryDevice? known = null) : IDeviceInventory, IDeviceProfiles, ICustomerIdentificationNumbers, IGpfDeviceLogs
{
    private readonly IInventoryStore _inventory = inventory ?? throw new ArgumentNullException(nameof(inventory));

    /// <inheritdoc />
    public DeviceType? DeviceTypeOf(ulong eui) =>
        (known is { } k && k.Eui == eui ? k : _inventory.Find(eui))?.Type ?? fallback?.DeviceTypeOf(eui);

    /// <inheritdoc />
    /// <remarks>The store keeps no copies of CHF device logs yet; only the fallback can answer.</remarks>
    public ChfDeviceLogRecord? DeviceLogOf(ulong chf) => fallback?.DeviceLogOf(chf);

    /// <inheritdoc />
    /// <remarks>The store keeps no copies of GPF device logs yet; only the fallback can answer.</remarks>
    public IReadOnlyList<GpfDeviceLogEntry>? GpfDeviceLogOf(ulong gpf) => (fallback as IGpfDeviceLogs)?.GpfDeviceLogOf(gpf);

    /// <inheritdoc />
    public DeviceProfile? ProfileOf(ulong eui) => (fallback as IDeviceProfiles)?.ProfileOf(eui);

    /// <inheritdoc />
    public string? CustomerIdentificationNumberOf(ulong device) =>
        (fallback as ICustomerIdentificationNumbers)?.CustomerIdentificationNumberOf(device);
}
