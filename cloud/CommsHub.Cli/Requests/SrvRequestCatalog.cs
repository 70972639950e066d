using System.Globalization;

namespace CommsHub.Cli.Requests;

/// <summary>
/// The SRVs <c>commshub send</c> builds from a compact command line, one <see cref="SrvRequestDefinition"/> each, grouped
/// by DUIS section: tariffs and prices from a tariff file, reads with an empty body, log reads with a period, event log
/// clearing, non-device inventory services.
/// Every one of them has a transform in the adapter (or is a non-device service the adapter answers from its store).
/// A non-critical one goes out as CV 1 (CV 8 for non-device services); a critical one (1.1.1, 1.2.1, 2.5) as CV 4,
/// whose pre-command <c>send</c> signs and returns as CV 5.
/// Values not given on the command line are the DUIS templates' usual ones; <c>--set</c> changes any of them.
/// </summary>
internal static class SrvRequestCatalog
{
    private static readonly SrvRequestDefinition[] Definitions =
    [
        // Section 1: an electricity TOU tariff and its prices from --tariff FILE (critical: CV 4, the pre-command signed).
        new("1.1.1", "UpdateImportTariffPrimaryElement", TariffBody.ImportTariff),
        new("1.2.1", "UpdatePricePrimaryElement", TariffBody.Price),
        // Section 2: emergency credit (critical, empty body).
        Empty("2.5", "ActivateEmergencyCredit"),
        // Section 3: event log housekeeping. An ESME needs the log type (--set ESMEEventLogType=ESME|ALCS); others none.
        Empty("3.3", "ClearEventLog"),
        // Section 4: readings.
        Empty("4.1.1", "ReadInstantaneousImportRegisters"),
        // Section 6: configuration reads (ECS26x) and the event/security log read (CS10/ECS35/GCS..).
        Empty("6.2.1", "ReadDeviceConfigurationVoltage"),
        Empty("6.2.2", "ReadDeviceConfigurationRandomisation"),
        Empty("6.2.3", "ReadDeviceConfigurationBillingCalendar"),
        Empty("6.2.4", "ReadDeviceConfigurationIdentityExcMPxN"),
        Empty("6.2.5", "ReadDeviceConfigurationInstantaneousPowerThresholds"),
        Empty("6.2.7", "ReadDeviceConfigurationMPxN"),
        Empty("6.2.9", "ReadDeviceConfigurationPaymentMode"),
        Empty("6.2.10", "ReadDeviceConfigurationEventAndAlertBehaviours"),
        new("6.13", "ReadEventOrSecurityLog", a => [LogPeriod(a), BodyField.Leaf("LogToRead", "Event")]),
        // Section 7: supply and auxiliary load reads.
        Empty("7.4", "ReadSupplyStatus"),
        Empty("7.7", "ReadALCSData"),
        new("7.11", "ReadBoostButtonDetails", a => [LogPeriod(a)]),
        Empty("7.14", "ReadAuxiliaryControllerConfigurationData"),
        Empty("7.15", "ReadAuxiliaryControllerOperationalData"),
        // Section 8: the hub's device log, and the inventory (a non-device service answered from the adapter's store).
        new("8.2", "ReadInventory", a => [BodyField.Leaf("DeviceID", FormatEui(a.Target))]),
        Empty("8.9", "ReadDeviceLog"),
        // Section 9: the CIN the DCC allocated, sent to the meter (role Other User: --user 02C04B0000030000 on the demo).
        Empty("9.1", "RequestCustomerIdentificationNumber"),
        // Section 11: firmware version.
        Empty("11.2", "ReadFirmwareVersion"),
        // Section 12: device pre-notification, a non-device service that adds the device to the adapter's inventory.
        new("12.2", "DevicePrenotification", a => [BodyField.Leaf("DeviceID", FormatEui(a.Target)), BodyField.Leaf("DeviceManufacturer", "CommsHub"),
            BodyField.Leaf("DeviceModel", "Virtual"), BodyField.Leaf("DeviceType", "ESME")]),
    ];

    private static readonly Dictionary<string, SrvRequestDefinition> BySrv = Definitions.ToDictionary(d => d.Srv, StringComparer.Ordinal);

    /// <summary>Every SRV <c>send</c> builds, in DUIS order.</summary>
    public static IReadOnlyList<string> Supported { get; } = Definitions.Select(d => d.Srv).ToArray();

    /// <summary>The definition for <paramref name="srv"/>, or null.</summary>
    public static SrvRequestDefinition? Find(string srv) => BySrv.GetValueOrDefault(srv);

    /// <summary>A DUIS EUI-64 as the schema writes it: 00-DB-12-34-56-78-90-A2.</summary>
    public static string FormatEui(ulong eui) => CommsHub.Dcc.Duis.RequestId.FormatEui(eui);

    // Everything up to tomorrow: the whole log unless --set narrows it.
    private static BodyField LogPeriod(SrvRequestArguments a) => BodyField.Group("ReadLogPeriod",
        BodyField.Leaf("StartDateTime", "2014-12-31T00:00:00Z"),
        BodyField.Leaf("EndDateTime", a.Now.UtcDateTime.AddDays(1).ToString("yyyy-MM-dd'T'00:00:00'Z'", CultureInfo.InvariantCulture)));

    private static SrvRequestDefinition Empty(string srv, string element) => new(srv, element, _ => []);
}
