using System.Globalization;
using System.Text;
using System.Xml;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// DUIS 1.1 Update Import Tariff and 1.2 Update Price on an ESME (critical, device future-dated): ECS01a Set Tariff
/// and Price (1.1.1, primary element), ECS01b Set Price (1.2.1), ECS01c and ECS01d the same for the secondary element
/// (1.1.2, 1.2.2). Every value is written as the passive value of its COSEM object (activity calendar seasons, weeks
/// and days, special days, block thresholds, currency, standing charge, price matrix) and then every activation time
/// is set to the ExecutionDateTime (now when absent, never for DUIS's cancellation). User-originated.
/// </summary>
internal static class Ecs01TariffAndPriceTransforms
{
    private const int ActivityCalendar = 20;
    private const int Charge = EsmePrepayment.ChargeClass;
    private const ulong StandingCharge = EsmePrepayment.StandingCharge;
    private const ulong PrimaryPriceMatrix = EsmePrepayment.TouBlockCharge;
    private const ulong SecondaryPriceMatrix = EsmePrepayment.SecondaryTouCharge;
    private const int SpecialDaysTable = 11;
    private const int RegisterMonitor = 21;
    private const int ExtendedData = EsmeDlms.GbcsExtendedDataClass;
    private const int RegisterClass = EsmeDlms.RegisterClass;

    private const ulong PrimaryCalendar = 0x00000D0000FF;
    private const ulong SecondaryCalendar = 0x00000D0001FF;
    private const ulong PrimarySpecialDays = 0x00010B0000FF;
    private const ulong SecondarySpecialDays = 0x00010B0001FF;
    private const ulong PrimarySpecialDaysActivation = 0x00005E2C801D;
    private const ulong SecondarySpecialDaysActivation = 0x00005E2C801E;
    private const ulong CurrencyUnit = 0x00005E2C0200;
    private const ulong ThresholdMatrixActivation = 0x00003F0101FF;
    // The tariff script table: script n switches the primary element to TOU rate n, 100 + n to block set n, 200 + n
    // the secondary element to TOU rate n.
    private const ulong TouScriptTable = 0x00000A0064FF;
    private const int BlockScripts = 100;
    private const int SecondaryScripts = 200;
    // The import registers the price matrices charge against (1-0:1.8.0.255 primary, 1-20:1.8.0.255 secondary).
    private const ulong PrimaryImportRegister = 0x0100010800FF;
    private const ulong SecondaryImportRegister = 0x0114010800FF;

    // GBCS primary price matrix: 48 TOU prices (index 1-48) then 4 blocks x 8 block sets (index (9+block)<<4 | set).
    private const int TouRates = 48;
    private const int Blocks = 4;
    private const int BlockSets = 8;
    private const int SecondaryRates = 4;
    // Price matrices scale the commodity (Wh registers) by 10^3: prices are per kWh.
    private const int CommodityScale = 3;

    public static IEnumerable<IUseCaseTransform> All() =>
    [
        Critical("1.1.1", "UpdateImportTariffPrimaryElement", "ECS01a", 0x0019, TariffPrimary),
        Critical("1.2.1", "UpdatePricePrimaryElement", "ECS01b", 0x00A2, PricePrimary),
        Critical("1.1.2", "UpdateImportTariffSecondaryElement", "ECS01c", 0x00B7, TariffSecondary),
        Critical("1.2.2", "UpdatePriceSecondaryElement", "ECS01d", 0x00C7, PriceSecondary),
    ];

    private static EsmeSections1To4UseCase Critical(string srv, string body, string useCase, int code,
        Func<EsmeRequest, DlmsData, List<(Cosem, DlmsData)>> sets) =>
        new(srv, body, useCase, code, r =>
        {
            var s = sets(r, EsmeDlms.ActivationTime(r.ExecutionDateTime));
            return h => EsmeDlms.Request(h, s.Select(x => EsmeDlms.SetSpec(x.Item1)).ToArray(), s.Select(x => x.Item2).ToArray());
        }, critical: true, deviceFutureDated: true);

    /// <summary>ECS01a: calendar, special days, thresholds, currency, standing charge, price matrix, then their activation times.</summary>
    private static List<(Cosem, DlmsData)> TariffPrimary(EsmeRequest r, DlmsData activation)
    {
        var tariff = DuisBody.Required(r.Body, "ElecTariffElements");
        var prices = PrimaryPrices(r.Body);
        var currency = DuisBody.RequiredText(tariff, "CurrencyUnits") switch
        {
            "GBP" => true,
            "ECB" => false,
            var c => throw DuisBody.Invalid($"sr:CurrencyUnits '{c}' is not GBP or ECB"),
        };
        var thresholds = Indexed(DuisBody.Required(tariff, "ThresholdMatrix"), "Thresholds", BlockSets);
        if (thresholds.Any(t => t is null)) throw DuisBody.Invalid($"sr:ThresholdMatrix needs sr:Thresholds 1 to {BlockSets}");
        List<(Cosem, DlmsData)> sets = [.. Calendar(PrimaryCalendar, DuisBody.Required(tariff, "SwitchingTable"), touScripts: 0)];
        sets.Add((new(SpecialDaysTable, PrimarySpecialDays, 2), SpecialDays(tariff)));
        for (var set = 1; set <= BlockSets; set++)
        {
            var values = thresholds[set - 1]!.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "BlockThreshold")
                .Select(e => DlmsData.DoubleLongUnsigned(ParseUnsigned(e))).ToArray();
            sets.Add((new(RegisterMonitor, 0x000010010AFF + ((ulong)set << 8), 2), DlmsData.Array(values)));
        }
        sets.Add((new(ExtendedData, CurrencyUnit, 4), DlmsData.Boolean(currency)));
        sets.Add((new(Charge, StandingCharge, 6), prices.Standing));
        sets.Add((new(Charge, PrimaryPriceMatrix, 6), prices.Matrix));
        sets.Add((new(ActivityCalendar, PrimaryCalendar, 10), activation));
        sets.Add((new(ExtendedData, PrimarySpecialDaysActivation, 6), activation));
        sets.Add((new(ExtendedData, CurrencyUnit, 6), activation));
        sets.Add((new(Charge, StandingCharge, 7), activation));
        sets.Add((new(Charge, PrimaryPriceMatrix, 7), activation));
        sets.Add((new(ExtendedData, ThresholdMatrixActivation, 6), activation));
        return sets;
    }

    /// <summary>ECS01b: standing charge and price matrix, then their activation times.</summary>
    private static List<(Cosem, DlmsData)> PricePrimary(EsmeRequest r, DlmsData activation)
    {
        var prices = PrimaryPrices(r.Body);
        return
        [
            (new(Charge, StandingCharge, 6), prices.Standing),
            (new(Charge, PrimaryPriceMatrix, 6), prices.Matrix),
            (new(Charge, StandingCharge, 7), activation),
            (new(Charge, PrimaryPriceMatrix, 7), activation),
        ];
    }

    /// <summary>ECS01c: secondary price matrix, calendar and special days, then their activation times.</summary>
    private static List<(Cosem, DlmsData)> TariffSecondary(EsmeRequest r, DlmsData activation) =>
    [
        (new(Charge, SecondaryPriceMatrix, 6), SecondaryPrices(r.Body)),
        .. Calendar(SecondaryCalendar, DuisBody.Required(r.Body, "SwitchingTable"), SecondaryScripts),
        (new(SpecialDaysTable, SecondarySpecialDays, 2), SpecialDays(r.Body)),
        (new(ActivityCalendar, SecondaryCalendar, 10), activation),
        (new(Charge, SecondaryPriceMatrix, 7), activation),
        (new(ExtendedData, SecondarySpecialDaysActivation, 6), activation),
    ];

    /// <summary>ECS01d: the secondary price matrix and its activation time.</summary>
    private static List<(Cosem, DlmsData)> PriceSecondary(EsmeRequest r, DlmsData activation) =>
    [
        (new(Charge, SecondaryPriceMatrix, 6), SecondaryPrices(r.Body)),
        (new(Charge, SecondaryPriceMatrix, 7), activation),
    ];

    /// <summary>
    /// The passive season profile (7), week profile table (8) and day profile table (9) of an activity calendar; a
    /// day profile action is a TOU action (script <paramref name="touScripts"/> + n) or a block action (script 100 + n).
    /// </summary>
    private static IEnumerable<(Cosem, DlmsData)> Calendar(ulong calendar, XmlElement table, int touScripts)
    {
        var seasons = Children(DuisBody.Required(table, "Seasons"), "Season").Select(s => DlmsData.Structure(
        [
            DlmsData.OctetString(Encoding.ASCII.GetBytes(DuisBody.RequiredText(s, "SeasonName"))),
            SeasonStart(DuisBody.Required(s, "SeasonStartDate")),
            DlmsData.OctetString([checked((byte)DuisBody.Int(s, "ReferencedWeekName"))]),
        ])).ToArray();
        var weeks = Children(DuisBody.Required(table, "WeekProfiles"), "WeekProfile").Select(w =>
        {
            var days = Indexed(w, "ReferencedDayName", 7);
            if (days.Any(d => d is null)) throw DuisBody.Invalid("sr:WeekProfile needs sr:ReferencedDayName 1 (Monday) to 7 (Sunday)");
            return DlmsData.Structure(
            [
                DlmsData.OctetString([checked((byte)DuisBody.Int(w, "WeekName"))]),
                .. days.Select(d => DlmsData.Unsigned(ParseByte(d!))),
            ]);
        }).ToArray();
        var dayProfiles = Children(DuisBody.Required(table, "DayProfiles"), "DayProfile").Select(d => DlmsData.Structure(
        [
            DlmsData.Unsigned(checked((byte)DuisBody.Int(d, "DayName"))),
            DlmsData.Array(Children(d, "ProfileSchedule").Select(p => DlmsData.Structure(
            [
                EsmeDates.XsTime(p, "StartTime"),
                DlmsData.OctetString(Obis.ToBytes(TouScriptTable)),
                DlmsData.LongUnsigned(DuisBody.Child(p, "BlockTariffAction") is not null
                    ? BlockScripts + DuisBody.Int(p, "BlockTariffAction")
                    : touScripts + DuisBody.Int(p, "TOUTariffAction")),
            ])).ToArray()),
        ])).ToArray();
        return
        [
            (new(ActivityCalendar, calendar, 7), DlmsData.Array(seasons)),
            (new(ActivityCalendar, calendar, 8), DlmsData.Array(weeks)),
            (new(ActivityCalendar, calendar, 9), DlmsData.Array(dayProfiles)),
        ];
    }

    /// <summary>A season start: the sr:Date at 00:00:00.00, deviation and clock status not specified.</summary>
    private static DlmsData SeasonStart(XmlElement date)
    {
        byte[] b = [.. EsmeDates.DateBytes(date), 0, 0, 0, 0, 0x80, 0x00, 0xFF];
        return DlmsData.OctetString(b);
    }

    /// <summary>The sr:SpecialDays entries {position, date, day id}; an absent list is an empty table.</summary>
    private static DlmsData SpecialDays(XmlElement parent)
    {
        var list = DuisBody.Child(parent, "SpecialDays");
        var days = list is null ? [] : Children(list, "SpecialDay").ToList();
        return DlmsData.Array(days.Select((s, i) => DlmsData.Structure(
        [
            DlmsData.LongUnsigned(i + 1),
            EsmeDates.Date(DuisBody.Required(s, "Date")),
            DlmsData.Unsigned(checked((byte)DuisBody.Int(s, "ReferencedDayName"))),
        ])).ToArray());
    }

    /// <summary>The standing charge and the primary price matrix (48 TOU prices, 4 x 8 block prices; absent prices are 0).</summary>
    private static (DlmsData Standing, DlmsData Matrix) PrimaryPrices(XmlElement body)
    {
        var p = DuisBody.Required(DuisBody.Required(body, "PriceElements"), "ElectricityPriceElements");
        var standing = EsmeDlms.UnitCharge(EsmeBody.SignedInt(p, "StandingChargeScale"), [Price(DuisBody.Required(p, "StandingCharge"))]);
        var tariff = DuisBody.Child(p, "TOUTariff") ?? DuisBody.Child(p, "BlockTariff") ?? DuisBody.Child(p, "HybridTariff")
            ?? throw DuisBody.Invalid("sr:ElectricityPriceElements needs sr:TOUTariff, sr:BlockTariff or sr:HybridTariff");
        var tou = Indexed(tariff, "TOUPrice", TouRates);
        var blocks = Indexed(tariff, "BlockPrices", BlockSets).Select(set => set is null ? new XmlElement?[Blocks] : Indexed(set, "BlockPrice", Blocks)).ToArray();
        List<(byte, DlmsData)> prices = [];
        for (var i = 1; i <= TouRates; i++) prices.Add(((byte)i, PriceOrZero(tou[i - 1])));
        for (var block = 1; block <= Blocks; block++)
            for (var set = 1; set <= BlockSets; set++)
                prices.Add(((byte)(((9 + block) << 4) | set), PriceOrZero(blocks[set - 1][block - 1])));
        var matrix = EsmeDlms.UnitCharge(EsmeBody.SignedInt(p, "PriceScale"), prices.ToArray(), CommodityScale,
            new Cosem(RegisterClass, PrimaryImportRegister, 2));
        return (standing, matrix);
    }

    /// <summary>The secondary price matrix: 4 TOU prices (absent prices are 0).</summary>
    private static DlmsData SecondaryPrices(XmlElement body)
    {
        var p = DuisBody.Required(body, "PriceElements");
        var prices = Indexed(p, "ElectricityPriceElement", SecondaryRates);
        return EsmeDlms.UnitCharge(EsmeBody.SignedInt(p, "PriceScale"),
            prices.Select((e, i) => ((byte)(i + 1), PriceOrZero(e))).ToArray(), CommodityScale,
            new Cosem(RegisterClass, SecondaryImportRegister, 2));
    }

    private static DlmsData PriceOrZero(XmlElement? e) => e is null ? DlmsData.Long(0) : Price(e);

    /// <summary>A DUIS PriceType (xs:short) as a DLMS long.</summary>
    private static DlmsData Price(XmlElement e) =>
        short.TryParse(e.InnerText.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? DlmsData.Long(v) : throw DuisBody.Invalid($"sr:{e.LocalName} '{e.InnerText.Trim()}' is not a 16-bit price");

    private static IEnumerable<XmlElement> Children(XmlElement parent, string name) =>
        parent.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == name);

    /// <summary>The <paramref name="name"/> children by their index attribute (1..<paramref name="count"/>); missing ones are null.</summary>
    private static XmlElement?[] Indexed(XmlElement parent, string name, int count)
    {
        var result = new XmlElement?[count];
        foreach (var e in Children(parent, name))
        {
            var text = e.GetAttribute("index");
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i < 1 || i > count)
                throw DuisBody.Invalid($"sr:{name} index '{text}' is not 1..{count}");
            if (result[i - 1] is not null) throw DuisBody.Invalid($"sr:{name} index {i} appears twice");
            result[i - 1] = e;
        }
        return result;
    }

    private static uint ParseUnsigned(XmlElement e) =>
        uint.TryParse(e.InnerText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v : throw DuisBody.Invalid($"sr:{e.LocalName} '{e.InnerText.Trim()}' is not an unsigned 32-bit number");

    private static int ParseByte(XmlElement e) =>
        byte.TryParse(e.InnerText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v : throw DuisBody.Invalid($"sr:{e.LocalName} '{e.InnerText.Trim()}' is not 0..255");
}
