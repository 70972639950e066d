using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Dcc.Transforms;

/// <summary>The inventory facts the transform needs: device types and the DCC's copy of CHF device logs.</summary>
public interface IDeviceInventory
{
    /// <summary>The GBCS device type of <paramref name="eui"/>, or null when the device is unknown.</summary>
    DeviceType? DeviceTypeOf(ulong eui);

    /// <summary>
    /// The DCC's record of the device log of the (old) CHF <paramref name="chf"/>: its extended PAN id and the devices
    /// with their hashed TC link keys, as CCS03 Restore needs them; null when none is held.
    /// </summary>
    ChfDeviceLogRecord? DeviceLogOf(ulong chf);
}

/// <summary>A CHF device log as the DCC holds it (from CS14 alerts and CCS07 reads).</summary>
/// <param name="ExtendedPanId">The HAN's extended PAN id.</param>
/// <param name="Entries">Device EUIs with their hashed TC link keys.</param>
public sealed record ChfDeviceLogRecord(ulong ExtendedPanId, IReadOnlyList<ChfDeviceLogEntry> Entries);

/// <summary>A dictionary-backed <see cref="IDeviceInventory"/>. Not thread-safe while being filled.</summary>
public sealed class StaticDeviceInventory : IDeviceInventory, IGpfDeviceLogs
{
    private readonly Dictionary<ulong, DeviceType> _types = new();
    private readonly Dictionary<ulong, ChfDeviceLogRecord> _logs = new();
    private readonly Dictionary<ulong, IReadOnlyList<GpfDeviceLogEntry>> _gpfLogs = new();

    /// <summary>Records a device's type.</summary>
    public StaticDeviceInventory AddDevice(ulong eui, DeviceType type)
    {
        _types[eui] = type;
        return this;
    }

    /// <summary>Records the DCC's copy of a CHF device log.</summary>
    public StaticDeviceInventory AddDeviceLog(ulong chf, ChfDeviceLogRecord record)
    {
        _logs[chf] = record;
        return this;
    }

    /// <summary>Records the DCC's copy of a GPF device log.</summary>
    public StaticDeviceInventory AddGpfDeviceLog(ulong gpf, IReadOnlyList<GpfDeviceLogEntry> entries)
    {
        _gpfLogs[gpf] = entries;
        return this;
    }

    /// <inheritdoc />
    public IReadOnlyList<GpfDeviceLogEntry>? GpfDeviceLogOf(ulong gpf) => _gpfLogs.GetValueOrDefault(gpf);

    /// <inheritdoc />
    public DeviceType? DeviceTypeOf(ulong eui) => _types.TryGetValue(eui, out var t) ? t : null;

    /// <inheritdoc />
    public ChfDeviceLogRecord? DeviceLogOf(ulong chf) => _logs.TryGetValue(chf, out var r) ? r : null;
}
