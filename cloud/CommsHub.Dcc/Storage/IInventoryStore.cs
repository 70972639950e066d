using CommsHub.Protocol.Asn1;
using CommsHub.Dcc.Access;

namespace CommsHub.Dcc.Storage;

/// <summary>Smart Metering Inventory rows (<see cref="InventoryDevice"/>).</summary>
public interface IInventoryStore
{
    /// <summary>The device, or null.</summary>
    InventoryDevice? Find(ulong eui);

    /// <summary>Adds the device or replaces every field of an existing one.</summary>
    void Upsert(InventoryDevice device);

    /// <summary>Devices whose Communications Hub is <paramref name="chf"/> (not the CHF itself).</summary>
    IReadOnlyList<InventoryDevice> OnHub(ulong chf);

    /// <summary>Every device of <paramref name="type"/>, by EUI (not cached: for listings, not the request path).</summary>
    IReadOnlyList<InventoryDevice> OfType(DeviceType type);

    /// <summary>Changes a device's SMI status; false when the device is unknown.</summary>
    bool SetStatus(ulong eui, SmiStatus status, DateTimeOffset since);
}
