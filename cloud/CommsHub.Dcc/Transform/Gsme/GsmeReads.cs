using static CommsHub.Dcc.Transforms.Gsme.GsmeUseCase;

namespace CommsHub.Dcc.Transforms.Gsme;

/// <summary>
/// GSME reads whose GBZ payload is fixed by the use case (ZCL Read Attributes of the use case's cluster attributes, and
/// the calendar/price "Get" commands with their GBCS-defined arguments): the DUIS body carries nothing but the request.
/// Attribute ids are the ZigBee SE ones GBCS names for each use case.
/// </summary>
internal static class GsmeReads
{
    // Metering cluster attributes
    private const int CurrentSummationDelivered = 0x0000, Tier1 = 0x0100, Tier2 = 0x0102, Tier3 = 0x0104, Tier4 = 0x0106;
    private const int UnitOfMeasure = 0x0300, Multiplier = 0x0301, Divisor = 0x0302, SiteId = 0x0307;
    private const int BillToDateDelivered = 0x0A00, RemainingBatteryLifeInDays = 0x0205, SupplyStatus = 0x0014;

    // Prepayment cluster attributes
    private const int PaymentControlConfiguration = 0x0000, CreditRemaining = 0x0001, EmergencyCreditRemaining = 0x0002;
    private const int AccumulatedDebt = 0x0005, DebtAmount1 = 0x0211, DebtAmount2 = 0x0221, DebtAmount3 = 0x0231;

    // Price cluster attributes
    private const int Currency = 0x0616, PriceTrailingDigit = 0x0617;

    /// <summary>GBCS's issuer calendar id for "the active calendar" of the tariff (0xFFFFFFFF) and of friendly credit (0xFFFFFFFE).</summary>
    private const uint ActiveTariffCalendar = 0xFFFFFFFF, ActiveFriendlyCreditCalendar = 0xFFFFFFFE;
    private const byte DeliveredCalendar = 0x00, FriendlyCreditCalendar = 0x03;

    public static IEnumerable<IUseCaseTransform> All =>
    [
        // GCS13a (4.1.1) is Gcs13aReadGsmeRegistersTransform in the top folder.
        Read("4.1.4", "GCS13b", 0x00B8, "ReadInstantaneousImportBlockCounters", GsmeOrGpf,
            GbzCommand.ReadAttributes(ZclCluster.Metering, 0x0700, 0x0701, 0x0702, 0x0703, Divisor, Multiplier, UnitOfMeasure)),
        Read("4.1.2", "GCS13c", 0x00B6, "ReadInstantaneousImportTOUMatrices", GsmeOrGpf,
            GbzCommand.ReadAttributes(ZclCluster.Metering, Divisor, Multiplier, UnitOfMeasure, Tier1, Tier2, Tier3, Tier4)),
        Read("4.3", "GCS14", 0x0075, "ReadInstantaneousPrepayValues", GsmeOrGpf,
            GbzCommand.ReadAttributes(ZclCluster.Price, 0x0617, 0x0616),
            GbzCommand.ReadAttributes(ZclCluster.Prepayment, AccumulatedDebt, EmergencyCreditRemaining, CreditRemaining, DebtAmount3, DebtAmount1, DebtAmount2)),
        // GCS60 and GCS60a read the same; the device's GBCS version decides the message code.
        Read("4.18", "GCS60", 0x008D, "ReadMeterBalance", GsmeOrGpf, MeterBalance).VariantOf("GCS60", "GCS60a"),
        Read("4.18", "GCS60a", 0x012A, "ReadMeterBalance", GsmeOrGpf, MeterBalance).VariantOf("GCS60", "GCS60a"),
        Read("7.4", "GCS33", 0x0082, "ReadSupplyStatus", GsmeOnly,
            GbzCommand.ReadAttributes(ZclCluster.Metering, RemainingBatteryLifeInDays, SupplyStatus)),
        Read("6.2.7", "GCS46", 0x0089, "ReadDeviceConfigurationMPxN", GsmeOnly,
            GbzCommand.ReadAttributes(ZclCluster.Metering, SiteId)),
        Read("6.2.9", "GCS21j", 0x00BF, "ReadDeviceConfigurationPaymentMode", GsmeOnly,
            GbzCommand.ReadAttributes(ZclCluster.Prepayment, PaymentControlConfiguration)),
        Read("6.2.8", "GCS21a", 0x007B, "ReadDeviceConfigurationGas", GsmeOnly,
            // Calorific value trailing digit, unit, value; conversion factor trailing digit, value.
            GbzCommand.ReadAttributes(ZclCluster.Price, 0x0306, 0x0305, 0x0304, 0x0303, 0x0302),
            // Uncontrolled flow divisor, multiplier, unit, threshold; flow stabilisation and measurement periods.
            GbzCommand.ReadAttributes(ZclCluster.Metering, 0x0B13, 0x0B12, 0x0B11, 0x0B10, 0x0B14, 0x0B15)),
        // Manufacturer name, model identifier (GCS21e: and hardware version); supply depletion and tamper states.
        Read("6.2.4", "GCS21e", 0x009E, "ReadDeviceConfigurationIdentityExcMPxN", GsmeOnly,
            GbzCommand.ReadAttributes(ZclCluster.Basic, 0x0004, 0x0005, 0x0003),
            GbzCommand.ReadAttributes(ZclCluster.Metering, 0x0608, 0x0607)).VariantOf("GCS21e", "GCS21m"),
        Read("6.2.4", "GCS21m", 0x00FB, "ReadDeviceConfigurationIdentityExcMPxN", GsmeOnly,
            GbzCommand.ReadAttributes(ZclCluster.Basic, 0x0004, 0x0005),
            GbzCommand.ReadAttributes(ZclCluster.Metering, 0x0608, 0x0607)).VariantOf("GCS21e", "GCS21m"),
        // GCS21d (monthly billing calendars) and GCS21k (all periodicities) read the same.
        Read("6.2.3", "GCS21d", 0x009D, "ReadDeviceConfigurationBillingCalendar", GsmeOnly, GetBillingPeriod()).VariantOf("GCS21d", "GCS21k"),
        Read("6.2.3", "GCS21k", 0x00DA, "ReadDeviceConfigurationBillingCalendar", GsmeOnly, GetBillingPeriod()).VariantOf("GCS21d", "GCS21k"),
        Read("6.2.10", "GCS20r", 0x00F1, "ReadDeviceConfigurationEventAndAlertBehaviours", GsmeOnly,
            // Get Event Configuration of event id 0x81FF: every non-critical event (GBCS). The DCC side is the Device
            // Management server, so this goes server to client like its publishes.
            GbzCommand.Publish(ZclCluster.DeviceManagement, 0x05, new ZclWriter().U16(0x81FF))),
        Read("4.13", "GCS21b", 0x00B5, "ReadPrepaymentConfiguration", GsmeOnly, [
            // Debt recovery top-up percentage 3, overall debt cap, debt recovery frequencies 1-2, cut-off value, emergency
            // credit limit and threshold, low credit warning level, maximum credit limit and per top-up, debt recovery amounts 1-2.
            GbzCommand.ReadAttributes(ZclCluster.Prepayment, 0x0239, 0x0006, 0x0216, 0x0226, 0x0040, 0x0010, 0x0011, 0x0031, 0x0021, 0x0022, 0x0217, 0x0227),
            GbzCommand.ReadAttributes(ZclCluster.Price, PriceTrailingDigit),
            .. GetCalendar(ActiveFriendlyCreditCalendar, FriendlyCreditCalendar)]),
        Read("4.11.1", "GCS21f", 0x009F, "ReadTariffPrimaryElement", GsmeOnly, [
            // Threshold divisor and multiplier, block thresholds 1-3, unit of measure, no-tier block prices 1-4, tier 1-4
            // block 1 prices, currency, price trailing digit, standing charge.
            GbzCommand.ReadAttributes(ZclCluster.Price, 0x0203, 0x0202, 0x0100, 0x0101, 0x0102, 0x0615, 0x0400, 0x0401, 0x0402, 0x0403,
                0x0410, 0x0420, 0x0430, 0x0440, Currency, PriceTrailingDigit, 0x0301),
            .. GetCalendar(ActiveTariffCalendar, DeliveredCalendar),
            // Get Current Price, command options 0.
            GbzCommand.ToServer(ZclCluster.Price, 0x00, new ZclWriter().U8(0))]),
    ];

    /// <summary>Bill to date delivered (Metering) and credit remaining (Prepayment).</summary>
    private static readonly GbzCommand[] MeterBalance =
    [
        GbzCommand.ReadAttributes(ZclCluster.Metering, BillToDateDelivered),
        GbzCommand.ReadAttributes(ZclCluster.Prepayment, CreditRemaining),
    ];

    /// <summary>Get Billing Period: from any time (0), any issuer event id (0xFFFFFFFF), one command, tariff type 0 (delivered).</summary>
    private static GbzCommand GetBillingPeriod() =>
        GbzCommand.ToServer(ZclCluster.Price, 0x0B, new ZclWriter().U32(0).U32(0xFFFFFFFF).U8(1).U8(0));

    /// <summary>Calendar cluster Get Day Profiles, Get Week Profiles, Get Seasons, Get Special Days of one calendar (provider 0, all entries).</summary>
    private static GbzCommand[] GetCalendar(uint issuerCalendarId, byte calendarType) =>
    [
        GbzCommand.ToServer(ZclCluster.Calendar, 0x01, new ZclWriter().U32(0).U32(issuerCalendarId).U8(1).U8(0)),
        GbzCommand.ToServer(ZclCluster.Calendar, 0x02, new ZclWriter().U32(0).U32(issuerCalendarId).U8(1).U8(0)),
        GbzCommand.ToServer(ZclCluster.Calendar, 0x03, new ZclWriter().U32(0).U32(issuerCalendarId)),
        GbzCommand.ToServer(ZclCluster.Calendar, 0x04, new ZclWriter().U32(0).U8(0).U8(calendarType).U32(0).U32(issuerCalendarId)),
    ];
}
