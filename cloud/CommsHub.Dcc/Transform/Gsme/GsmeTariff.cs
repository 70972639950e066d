using System.Globalization;
using System.Xml;
using static CommsHub.Dcc.Transforms.Gsme.GsmeUseCase;

namespace CommsHub.Dcc.Transforms.Gsme;

/// <summary>
/// The critical gas tariff commands: 1.1.1 Update Import Tariff -> GCS01a (the switching table as a delivered
/// calendar, then the prices) and 1.2.1 Update Price -> GCS01b (the prices alone). Prices go as Price cluster Publish
/// Tariff Information, [Publish Block Thresholds,] Publish Price Matrix; a TOU tariff's tiers are 1..n, a block
/// tariff's blocks 0..n-1 of tier 0. Everything takes effect at the ExecutionDateTime (now when absent).
/// </summary>
internal static class GsmeTariff
{
    /// <summary>GBCS's issuer tariff id, unit of measure (0 = kWh), price trailing digit (5 decimals), block threshold multiplier and divisor.</summary>
    private const uint IssuerTariffId = 1;
    private const int UnitKwh = 0x00, PriceTrailingDigit = 0x50, TierBlockModeUnused = 0xFF, ThresholdMultiplier = 1, ThresholdDivisor = 1000;
    private const int TouTariff = 0x00, BlockTariff = 0x10;

    public static IEnumerable<IUseCaseTransform> All =>
    [
        Gbz("1.1.1", "GCS01a", 0x006B, "UpdateImportTariffPrimaryElement", TariffAndPrice, critical: true),
        Gbz("1.2.1", "GCS01b", 0x00A3, "UpdatePricePrimaryElement", r => [.. Prices(r, thresholds: null)], critical: true),
    ];

    private static IReadOnlyList<GbzCommand> TariffAndPrice(GsmeRequest r)
    {
        var elements = DuisBody.Required(r.Body, "GasTariffElements");
        var table = DuisBody.Required(elements, "SwitchingTable");
        var days = GsmeCalendar.Children(DuisBody.Child(table, "DayProfiles"), "DayProfile")
            .Select(d => new CalendarDay(DuisBody.Int(d, "DayName"),
                [(0, DuisBody.Child(d, "TOUTariffAction") is not null ? DuisBody.Int(d, "TOUTariffAction") : 0)]))
            .ToArray();
        var list = GsmeCalendar.Publish(r, GsmeCalendar.DeliveredCalendar, GsmeValues.ExecutionTime(r.Body, GsmeValues.Latest), days,
            GsmeCalendar.Weeks(DuisBody.Child(table, "WeekProfiles")),
            GsmeCalendar.Dates(DuisBody.Child(table, "Seasons"), "Season", "SeasonStartDate", "ReferencedWeekName"),
            GsmeCalendar.Dates(DuisBody.Child(elements, "SpecialDays"), "SpecialDay", "Date", "ReferencedDayName")).ToList();
        var thresholds = Indexed(DuisBody.Child(elements, "ThresholdMatrix"), "BlockThreshold");
        list.AddRange(Prices(r, thresholds));
        return list;
    }

    /// <summary>
    /// Tariff Information, the block thresholds (block tariffs of GCS01a: the ThresholdMatrix) and the Price Matrix.
    /// A TOU tariff's ThresholdMatrix is DUIS's schema placeholder and is not sent.
    /// </summary>
    private static IEnumerable<GbzCommand> Prices(GsmeRequest r, IReadOnlyList<long>? thresholds)
    {
        var gas = DuisBody.Required(DuisBody.Required(r.Body, "PriceElements"), "GasPriceElements");
        var tou = DuisBody.Child(gas, "TOUTariff");
        var block = DuisBody.Child(gas, "BlockTariff");
        if ((tou is null) == (block is null)) throw DuisBody.Invalid("sr:GasPriceElements needs exactly one of sr:TOUTariff and sr:BlockTariff");
        var prices = tou is not null ? Indexed(tou, "TOUPrice") : Indexed(block!, "BlockPrice");
        var published = block is null ? null : thresholds;
        var thresholdsInUse = block is null ? 0 : published?.Count ?? DuisBody.Int(block, "NumberOfThresholds");
        var start = GsmeValues.ExecutionTime(r.Body, GsmeValues.Latest);

        yield return GbzCommand.Publish(ZclCluster.Price, 0x04, new ZclWriter().U32(0).U32(r.IssuerEventId).U32(IssuerTariffId)
            .U32(GsmeValues.ExecutionTime(r.Body)).U8(tou is not null ? TouTariff : BlockTariff).OctetString("")
            .U8(tou is not null ? prices.Count : 0).U8(thresholdsInUse).U8(UnitKwh).U16(Currency(gas)).U8(PriceTrailingDigit)
            .U32((uint)GsmeValues.Integer(gas, "StandingCharge")).U8(TierBlockModeUnused).U24(ThresholdMultiplier).U24(ThresholdDivisor));
        if (published is not null)
        {
            var w = new ZclWriter().U32(0).U32(r.IssuerEventId).U32(start).U32(IssuerTariffId).U8(0).U8(1).U8(0x01).U8(published.Count);
            foreach (var t in published) w.U32((uint)(t & 0xFFFFFFFF)).U16((int)(t >> 32));
            yield return GbzCommand.Publish(ZclCluster.Price, 0x06, w);
        }
        var m = new ZclWriter().U32(0).U32(r.IssuerEventId).U32(start).U32(IssuerTariffId).U8(0).U8(1).U8(tou is not null ? 0x01 : 0x00);
        for (var i = 0; i < prices.Count; i++) m.U8(tou is not null ? i + 1 : i).U32((uint)prices[i]);
        yield return GbzCommand.Publish(ZclCluster.Price, 0x05, m);
    }

    /// <summary>ISO 4217 numeric code of sr:CurrencyUnits.</summary>
    private static int Currency(XmlElement gas) => DuisBody.RequiredText(gas, "CurrencyUnits") switch
    {
        "GBP" => 826,
        "ECB" => 978, // DUIS names the euro "ECB"
        var c => throw DuisBody.Invalid($"sr:CurrencyUnits '{c}' is not GBP or ECB (euro)"),
    };

    /// <summary>The <paramref name="name"/> children in index order (index attribute 1..n), as non-negative integers.</summary>
    private static IReadOnlyList<long> Indexed(XmlElement? parent, string name)
    {
        var items = GsmeCalendar.Children(parent, name).Select(e =>
        {
            var ok = int.TryParse(e.GetAttribute("index"), NumberStyles.None, CultureInfo.InvariantCulture, out var index);
            var text = e.InnerText.Trim();
            return ok && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v <= 0xFFFFFFFFFFFF
                ? (index, v) : throw DuisBody.Invalid($"sr:{name} '{text}' needs an index and a value up to 2^48-1");
        }).OrderBy(x => x.index).ToArray();
        for (var i = 0; i < items.Length; i++)
            if (items[i].index != i + 1) throw DuisBody.Invalid($"sr:{name} indexes must run 1..{items.Length}");
        return items.Select(x => x.v).ToArray();
    }
}
