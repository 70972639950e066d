namespace CommsHub.Firmware.Host.Simulation.Zcl;

/// <summary>
/// ZigBee SE 1.4 client commands that read a log or snapshot store (Metering GetSnapshot / GetSampledData,
/// Prepayment GetPrepaySnapshot / GetTopUpLog / GetDebtRepaymentLog, Events GetEventLog). The virtual GSME keeps no
/// history, so each finds nothing and is answered, as SE 1.4 requires for an empty result, with a Default Response
/// carrying NOT_FOUND.
/// </summary>
public static class ZclLogRetrieval
{
    /// <summary>ZCL status NOT_FOUND.</summary>
    public const int NotFound = 0x8B;

    private const int Metering = 0x0702, Prepayment = 0x0705, Events = 0x0709;

    /// <summary>True when cluster-specific client command <paramref name="commandId"/> of <paramref name="cluster"/> reads a log.</summary>
    public static bool Reads(int cluster, int commandId) => (cluster, commandId) switch
    {
        (Metering, 0x06 or 0x08) => true,
        (Prepayment, 0x07 or 0x08 or 0x0A) => true,
        (Events, 0x00) => true,
        _ => false,
    };
}
