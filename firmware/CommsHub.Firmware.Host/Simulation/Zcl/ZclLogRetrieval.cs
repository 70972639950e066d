namespace CommsHub.Firmware.Host.Simulation.Zcl;

/// <summary>
/// ZigBee SE 1.4 client commands that read a log or snapshot store (Metering GetSnapshot / GetSampledData,
/// Prepayment GetPrepaySnapshot / GetTopUpLog / GetDebtRepaymentLog, Calendar gets, Events GetEventLog). When the
/// meter holds nothing that matches (the event logs and sampled data are kept, <see cref="ZclEventLog"/>,
/// <see cref="ZclSampling"/>; as are applied top-ups, <see cref="ZclTopUpLog"/>, daily snapshots, <see cref="ZclSnapshots"/>, and calendars and the tariff, <see cref="ZclCalendars"/>, <see cref="ZclTariff"/>; debt logs are not yet), it answers, as SE 1.4 requires for
/// an empty result, with a Default Response carrying NOT_FOUND.
/// </summary>
public static class ZclLogRetrieval
{
    /// <summary>ZCL status NOT_FOUND.</summary>
    public const int NotFound = 0x8B;

    private const int Price = 0x0700, Metering = 0x0702, Prepayment = 0x0705, Calendar = 0x0707, Events = 0x0709;

    /// <summary>True when cluster-specific client command <paramref name="commandId"/> of <paramref name="cluster"/> reads a log.</summary>
    public static bool Reads(int cluster, int commandId) => (cluster, commandId) switch
    {
        (Metering, 0x06 or 0x08) => true, // GetSampledData with no sample at or after the earliest time
        (Prepayment, 0x07 or 0x08 or 0x0A) => true,
        // Calendar GetCalendar / GetDayProfiles / GetWeekProfiles / GetSeasons / GetSpecialDays of a calendar the
        // meter does not hold (ZclCalendars; GCS21b/f NOT_FOUND as RTDS shows a meter without one).
        (Calendar, >= 0x00 and <= 0x04) => true,
        // Price GetCurrentPrice before a tariff was set (ZclTariff; GCS21f NOT_FOUND).
        (Price, 0x00) => true,
        (Events, 0x00) => true,
        _ => false,
    };
}
