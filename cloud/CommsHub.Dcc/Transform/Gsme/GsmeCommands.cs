using System.Text;
using CommsHub.Protocol.Asn1;
using static CommsHub.Dcc.Transforms.Gsme.GsmeUseCase;

namespace CommsHub.Dcc.Transforms.Gsme;

/// <summary>
/// GSME/GPF settings and messages built from DUIS body values: Messaging Display Message, Device Management publishes
/// (change of tenancy, supplier, site id, password), Price publishes (conversion factor, calorific value, billing and
/// block periods), Metering flow threshold, supply status and sampling, Change Supply (arm), and GCS28's ASN.1 clock set.
/// Every ZCL issuer event id (and message id) is the adapter's clock.
/// </summary>
internal static class GsmeCommands
{
    private const uint NoProvider = 0;
    private const byte DeliveredTariff = 0x00;

    public static IEnumerable<IUseCaseTransform> All =>
    [
        // Display Message: message id, control 0 (normal, display only), now, until changed (0xFFFF minutes), text.
        Gbz("3.1", "GCS07", 0x0071, "DisplayMessage", r =>
            [GbzCommand.Publish(ZclCluster.Messaging, 0x00, new ZclWriter().U32(r.IssuerEventId).U8(0).U32(0).U16(0xFFFF)
                .OctetString(DuisBody.RequiredText(r.Body, "SupplierMessage")))]),
        // Publish Change of Tenancy to the GPF: tenancy change control 0x200 (restrict access to data before the date).
        Gbz("3.2", "GCS09", 0x0072, "RestrictAccessForChangeOfTenancy", r =>
            [GbzCommand.Publish(ZclCluster.DeviceManagement, 0x00, new ZclWriter().U32(NoProvider).U32(r.IssuerEventId).U8(DeliveredTariff)
                .Time(DuisBody.DateTime(r.Body, "RestrictionDateTime")).U32(0x00000200))], targets: GpfOnly),
        // Publish Change of Supplier: supplier name and contact details now (provider change control 0x1800).
        Gbz("3.4", "GCS44", 0x0088, "UpdateSupplierName", r =>
            [GbzCommand.Publish(ZclCluster.DeviceManagement, 0x01, new ZclWriter().U32(NoProvider).U32(r.IssuerEventId).U8(DeliveredTariff)
                .U32(NoProvider).U32(0).U32(0x00001800)
                .OctetString(DuisBody.RequiredText(r.Body, "SupplierName"))
                .OctetString(DuisBody.Text(r.Body, "SupplierTelephoneNumber") ?? ""))]),
        // Request New Password Response: no PIN (empty password of type 2, the consumer PIN) from now, no duration.
        Gbz("3.5", "GCS11", 0x0073, "DisablePrivacyPIN", r =>
            [GbzCommand.Publish(ZclCluster.DeviceManagement, 0x02, new ZclWriter().U32(r.IssuerEventId).U32(0).U16(0).U8(2).OctetString(""))]),
        // Update Site Id: the MPRN from now.
        Gbz("6.20.1", "GCS41", 0x0087, "SetDeviceConfigurationImportMPxN", r =>
            [GbzCommand.Publish(ZclCluster.DeviceManagement, 0x03, new ZclWriter().U32(r.IssuerEventId).U32(0).U32(NoProvider)
                .OctetString(DuisBody.RequiredText(r.Body, "ImportMPRN")))]),
        // Update CIN: the DCC's CIN for the meter, from now (provider 0). ACB-originated.
        Gbz("9.1", "GCS36", 0x0083, "RequestCustomerIdentificationNumber", r =>
            [GbzCommand.Publish(ZclCluster.DeviceManagement, 0x06, new ZclWriter().U32(r.IssuerEventId).U32(0).U32(NoProvider)
                .OctetString(CustomerIdentificationNumber(r)))], origin: CommandOrigin.AccessControlBroker),
        // Start Sampling of the gas network data log: now, 6-minute samples (360 s), 41 of them (4 hours). ACB-originated.
        Gbz("14.1", "GCS31", 0x0080, "RecordNetworkDataGAS", r =>
            [GbzCommand.ToServer(ZclCluster.Metering, 0x07, new ZclWriter().U32(r.IssuerEventId).U32(0).U8(0)
                .U16(GasNetworkDataLog.IntervalSeconds).U16(GasNetworkDataLog.Samples))],
            origin: CommandOrigin.AccessControlBroker),
        Gbz("6.6", "GCS23", 0x007C, "UpdateDeviceConfigurationGasConversion", GasConversion, critical: true),
        // GCS24 takes the uncontrolled flow rate as an integer (divisor 1); GCS24a (SMETS 4) as a decimal with its divisor.
        Gbz("6.7", "GCS24", 0x007D, "UpdateDeviceConfigurationGasFlow", r => GasFlow(r, decimalRate: false), critical: true,
            when: b => DuisBody.Child(b, "UncontrolledGasFlowRate") is not null),
        Gbz("6.7", "GCS24a", 0x00FC, "UpdateDeviceConfigurationGasFlow", r => GasFlow(r, decimalRate: true), critical: true,
            when: b => DuisBody.Child(b, "UncontrolledGasFlowRateDecimal") is not null),
        // GCS25 sets a monthly billing calendar; GCS25a carries every DUIS periodicity.
        Gbz("6.8", "GCS25", 0x007E, "UpdateDeviceConfigurationBillingCalendar", BillingCalendar, critical: true,
            when: b => Periodicity(b) == "Monthly"),
        Gbz("6.8", "GCS25a", 0x00D8, "UpdateDeviceConfigurationBillingCalendar", BillingCalendar, critical: true,
            when: b => Periodicity(b) != "Monthly"),
        Raw("6.11", "GCS28", 0x007F, "SynchroniseClock", SetClock, critical: true),
        // 8.1.1 on a GSME is GCS28 Set Clock too (RTDS names the pair GCS28Commission); the plan names the GBCS use case.
        Raw("8.1.1", "GCS28", 0x007F, "CommissionDeviceSynchroniseClock", SetClock, critical: true),
        // Change Supply to armed (1) now, acknowledge required (0x01); GCS32 (off) is in the top folder.
        Gbz("7.3", "GCS39", 0x0085, "ArmSupply", r =>
            [GbzCommand.ToServer(ZclCluster.Metering, 0x0B, new ZclWriter().U32(NoProvider).U32(r.IssuerEventId).U32(0).U32(0).U8(1).U8(0x01))],
            critical: true),
    ];

    private static string CustomerIdentificationNumber(GsmeRequest r) =>
        (r.Inventory as ICustomerIdentificationNumbers)?.CustomerIdentificationNumberOf(r.Target)
        ?? throw new DuisTransformException(TransformError.MissingContext,
            $"no Customer Identification Number is held for {Duis.RequestId.FormatEui(r.Target)} (the DCC allocates it; the inventory has none)");

    /// <summary>Price Publish Conversion Factor and Publish Calorific Value (MJ/m3, unit 1), each when the body has it; trailing digits = decimals.</summary>
    private static IReadOnlyList<GbzCommand> GasConversion(GsmeRequest r)
    {
        var list = new List<GbzCommand>(2);
        if (DuisBody.Child(r.Body, "ConversionFactor") is not null)
        {
            var (v, decimals) = GsmeValues.Decimal(r.Body, "ConversionFactor");
            list.Add(GbzCommand.Publish(ZclCluster.Price, 0x02, new ZclWriter().U32(r.IssuerEventId).U32(0).U32((uint)v).U8(TrailingDigits(decimals))));
        }
        if (DuisBody.Child(r.Body, "CalorificValue") is not null)
        {
            var (v, decimals) = GsmeValues.Decimal(r.Body, "CalorificValue");
            list.Add(GbzCommand.Publish(ZclCluster.Price, 0x03, new ZclWriter().U32(r.IssuerEventId).U32(0).U32((uint)v).U8(1).U8(TrailingDigits(decimals))));
        }
        if (list.Count == 0) throw DuisBody.Invalid("sr:UpdateDeviceConfigurationGasConversion has neither sr:CalorificValue nor sr:ConversionFactor");
        return list;
    }

    /// <summary>ZCL trailing-digit field: the number of decimals in the high nibble.</summary>
    private static int TrailingDigits(int decimals) =>
        decimals <= 15 ? decimals << 4 : throw DuisBody.Invalid($"{decimals} decimal places is more than a ZCL trailing digit can say");

    /// <summary>
    /// Metering Set Uncontrolled Flow Threshold (provider 0, unit 1 = m3, multiplier 1, divisor, stabilisation and
    /// measurement periods) then Set Supply Status (tamper and depletion states, uncontrolled flow state 0, low limit 3).
    /// </summary>
    private static IReadOnlyList<GbzCommand> GasFlow(GsmeRequest r, bool decimalRate)
    {
        long rate;
        var divisor = 1;
        if (decimalRate)
        {
            (rate, var decimals) = GsmeValues.Decimal(r.Body, "UncontrolledGasFlowRateDecimal", ushort.MaxValue);
            divisor = decimals <= 4 ? (int)Math.Pow(10, decimals) : throw DuisBody.Invalid("sr:UncontrolledGasFlowRateDecimal has more than 4 decimals");
        }
        else
        {
            rate = GsmeValues.Integer(r.Body, "UncontrolledGasFlowRate", ushort.MaxValue);
        }
        var threshold = new ZclWriter().U32(NoProvider).U32(r.IssuerEventId).U16((int)rate).U8(1).U16(1).U16(divisor)
            .U8((int)GsmeValues.Integer(r.Body, "StabilisationPeriod", byte.MaxValue))
            .U16((int)GsmeValues.Integer(r.Body, "MeasurementPeriod", ushort.MaxValue));
        var status = new ZclWriter().U32(r.IssuerEventId).U8(SupplyState(r, "SupplyTamperState")).U8(SupplyState(r, "SupplyDepletionState")).U8(0).U8(3);
        return [GbzCommand.ToServer(ZclCluster.Metering, 0x0E, threshold), GbzCommand.ToServer(ZclCluster.Metering, 0x0D, status)];
    }

    /// <summary>DUIS Unchanged is the ZCL "no change" value 3. "Locked" is refused: its ZCL value is not pinned down by RTDS.</summary>
    private static int SupplyState(GsmeRequest r, string name) => DuisBody.RequiredText(r.Body, name) switch
    {
        "Unchanged" => 3,
        var v => throw new DuisTransformException(TransformError.UnsupportedRequest, $"sr:{name} '{v}' is not supported (only Unchanged)"),
    };

    private static string Periodicity(System.Xml.XmlElement body) =>
        DuisBody.Text(DuisBody.Child(body, "GasBillingCalendar") ?? body, "Periodicity") ?? "";

    /// <summary>
    /// Price Publish Billing Period then Publish Block Period (block period control 0x02, tariff resolution 1): the same
    /// start and duration. Durations are a count with a timebase (0x21 days, 0x22 weeks, 0x23 months; 0x20 = duration
    /// control "not specified").
    /// </summary>
    private static IReadOnlyList<GbzCommand> BillingCalendar(GsmeRequest r)
    {
        var calendar = DuisBody.Required(r.Body, "GasBillingCalendar");
        var start = DuisBody.DateTime(calendar, "BillingPeriodStart");
        var (count, timebase) = DuisBody.RequiredText(calendar, "Periodicity") switch
        {
            "Daily" => (1, 0x21),
            "Weekly" => (1, 0x22),
            "Monthly" => (1, 0x23),
            "Quarterly" => (3, 0x23),
            "SixMonthly" => (6, 0x23),
            "Yearly" => (12, 0x23),
            var p => throw DuisBody.Invalid($"sr:Periodicity '{p}' is not a DUIS periodicity"),
        };
        return
        [
            GbzCommand.Publish(ZclCluster.Price, 0x09, new ZclWriter().U32(NoProvider).U32(r.IssuerEventId).Time(start).U24(count).U8(timebase).U8(DeliveredTariff)),
            GbzCommand.Publish(ZclCluster.Price, 0x01, new ZclWriter().U32(NoProvider).U32(r.IssuerEventId).Time(start).U24(count).U8(0x02).U8(timebase).U8(DeliveredTariff).U8(1)),
        ];
    }

    /// <summary>GCS28 Set Clock: DER SEQUENCE { validity start, validity end } as GeneralizedTime: the current time and the tolerance after it.</summary>
    private static byte[] SetClock(GsmeRequest r)
    {
        var now = DuisBody.DateTime(r.Body, "CurrentDateTime");
        var tolerance = GsmeValues.Integer(r.Body, "TolerancePeriod", int.MaxValue);
        var start = Encoding.ASCII.GetBytes(GeneralizedTime.Format(now.UtcDateTime));
        var end = Encoding.ASCII.GetBytes(GeneralizedTime.Format(now.AddSeconds(tolerance).UtcDateTime));
        return [0x30, (byte)(4 + start.Length + end.Length), 0x18, (byte)start.Length, .. start, 0x18, (byte)end.Length, .. end];
    }
}
