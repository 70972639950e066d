using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Access;

/// <summary>The Smart Metering Inventory: devices, their status and the MPxNs they belong to, over an <see cref="IInventoryStore"/>.</summary>
public sealed class SmartMeteringInventory(IInventoryStore store)
{
    private readonly IInventoryStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>The device, or null when it is not in the inventory (E19).</summary>
    public InventoryDevice? Find(ulong eui) => _store.Find(eui);

    /// <summary>Adds or replaces a device.</summary>
    public void Save(InventoryDevice device) => _store.Upsert(device);

    /// <summary>Moves a device to <paramref name="status"/> from <paramref name="since"/>. False when unknown.</summary>
    public bool SetStatus(ulong eui, SmiStatus status, DateTimeOffset since) => _store.SetStatus(eui, status, since);

    /// <summary>
    /// The metering points whose Registration Data decides who may address <paramref name="device"/> (E4).
    /// </summary>
    /// <remarks>
    /// A meter answers for its own MPxNs. The SMI records, for devices that are not meters, "the associated Smart Meter
    /// or GPF" (SEC-DCC.md §8), so a hub, GPF, PPMID, HCALCS or Type 2 device answers for the MPxNs of the meters on
    /// the same Communications Hub: the suppliers of those meters are the ones who install and manage it.
    /// </remarks>
    public IReadOnlyList<string> MpxnsFor(InventoryDevice device)
    {
        if (device.Mpxns.Count > 0) return device.Mpxns;
        var hub = device.Type == DeviceType.Chf ? device.Eui : device.CommsHub;
        if (hub is not { } chf) return [];
        return _store.OnHub(chf).SelectMany(d => d.Mpxns).Distinct(StringComparer.Ordinal).ToList();
    }
}
