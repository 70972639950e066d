using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Host.Simulation;

/// <summary>
/// The hub's Gas Proxy Function (GPF): mains powered and always awake, it holds a mirror of the gas meter's data and
/// answers the GSME read use cases that GBCS lets a DCC user address to it (GCS13a/b/c, GCS14, GCS16b, GCS60a, GCS61
/// to the GPF: RTDS "RELIABLE_GPF") in the GSME's own ZCL structure, from that mirror, which also keeps a daily
/// consumption log (GCS61, sample id <see cref="DailyConsumptionLogId"/>). It has its own EUI-64 and keys,
/// and its own device log (the devices it talks to, restored by GCS59: <see cref="GpfDeviceLogRestore"/>).
/// </summary>
public sealed class VirtualGpf : VirtualGsme
{
    /// <summary>A GPF with the given identity and keys.</summary>
    public VirtualGpf(ulong eui, byte[] installCode, MeterKeys keys, IGbcsCrypto crypto)
        : base(eui, DeviceType.Gpf, installCode, keys, crypto)
    {
        Attributes.Sampling.KeepLog(DailyConsumptionLogId, 86400, DailyConsumptionLogDays);
    }

    /// <summary>Sample id of the GPF's daily consumption log (GCS61 reads it: RTDS asks for sample id 1).</summary>
    public const int DailyConsumptionLogId = 1;

    /// <summary>Days the daily consumption log keeps (RTDS's GCS61 asks for 731).</summary>
    public const int DailyConsumptionLogDays = 731;

    /// <inheritdoc />
    public override bool IsSleepy => false;

    /// <summary>The GPF's device log: device type (GBCS device type code) by EUI-64.</summary>
    public SortedDictionary<ulong, int> DeviceLog { get; } = [];

    /// <inheritdoc />
    protected override byte[]? Execute(GbcsMessage command) =>
        command.MessageCode == GpfDeviceLogRestore.MessageCode ? GpfDeviceLogRestore.Answer(command, DeviceLog) : base.Execute(command);

    /// <inheritdoc />
    public override void Tick(DateTime now)
    {
        // Always awake: the GPF polls no mailbox, but its mirror keeps the gas meter's profile and daily reads.
        RunClock(now);
    }
}
