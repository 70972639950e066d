using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// The DCC's copies of GPF device logs (from the GPF's "GPF Device Log Changed" backups), which 8.12.2 Restore GPF
/// Device Log (GCS59) writes to a replacement GPF. An optional facet of an <see cref="IDeviceInventory"/>.
/// </summary>
public interface IGpfDeviceLogs
{
    /// <summary>The devices in the device log of <paramref name="gpf"/> as the DCC holds it, or null when none is held.</summary>
    IReadOnlyList<GpfDeviceLogEntry>? GpfDeviceLogOf(ulong gpf);
}

/// <summary>One GPF device log entry: a device and its type.</summary>
/// <param name="Device">The device's EUI-64.</param>
/// <param name="Type">Its GBCS device type.</param>
public sealed record GpfDeviceLogEntry(ulong Device, DeviceType Type);
