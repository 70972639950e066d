using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Dispatch;

/// <summary>Which Communications Hub carries traffic for a device, from the Smart Metering Inventory.</summary>
public static class HubRouting
{
    /// <summary>
    /// The CHF itself for a CHF; otherwise the hub the inventory associates the device with. Null when the device is
    /// unknown or has no hub yet (then there is nowhere to publish: the caller answers E20).
    /// </summary>
    public static ulong? HubOf(IInventoryStore inventory, ulong device)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var d = inventory.Find(device);
        if (d is null) return null;
        return d.Type == DeviceType.Chf ? d.Eui : d.CommsHub;
    }
}
