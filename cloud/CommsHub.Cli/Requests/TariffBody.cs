using System.Globalization;

namespace CommsHub.Cli.Requests;

/// <summary>
/// A <see cref="TariffFile"/> as the DUIS body of 1.1.1 Update Import Tariff (Primary Element), an electricity TOU
/// tariff: day profile 1 (weekday) and 2 (weekend, when given), one week profile, one season all year from 1 January,
/// no special days, no blocks (every block threshold at its maximum) and the prices; and of 1.2.1 Update Price
/// (Primary Element): the prices alone.
/// </summary>
internal static class TariffBody
{
    // DUIS ElecThresholdMatrix: 8 thresholds (one per TOU register group), each at least one block threshold.
    private const int ThresholdGroups = 8;
    private const string NoBlock = "4294967295";

    /// <summary>The children of sr:UpdateImportTariffPrimaryElement.</summary>
    /// <exception cref="SendUsageException">No --tariff, or the tariff has no weekday profile.</exception>
    public static IReadOnlyList<BodyField> ImportTariff(SrvRequestArguments a)
    {
        var tariff = Required(a, "1.1.1");
        var weekday = tariff.Weekday ?? throw new SendUsageException("--tariff: 1.1.1 needs a 'weekday' profile (the switch times)");
        var weekendDay = tariff.Weekend is null ? 1 : 2;
        var days = new List<BodyField> { Day(1, weekday) };
        if (tariff.Weekend is { } w) days.Add(Day(2, w));
        return
        [
            BodyField.Group("ElecTariffElements",
                BodyField.Leaf("CurrencyUnits", tariff.Currency),
                BodyField.Group("SwitchingTable",
                    BodyField.Group("DayProfiles", [.. days]),
                    BodyField.Group("WeekProfiles", BodyField.Group("WeekProfile",
                        [BodyField.Leaf("WeekName", "1"), .. Enumerable.Range(1, 7).Select(d => BodyField.Indexed("ReferencedDayName", d, (d <= 5 ? 1 : weekendDay).ToString(CultureInfo.InvariantCulture)))])),
                    BodyField.Group("Seasons", BodyField.Group("Season",
                        BodyField.Leaf("SeasonName", "all"),
                        BodyField.Group("SeasonStartDate",
                            BodyField.Group("Year", BodyField.Group("NonSpecifiedYear")),
                            BodyField.Group("Month", BodyField.Leaf("SpecifiedMonth", "01")),
                            BodyField.Group("DayOfMonth", BodyField.Leaf("SpecifiedDayOfMonth", "01")),
                            BodyField.Group("DayOfWeek", BodyField.Group("NonSpecifiedDayOfWeek"))),
                        BodyField.Leaf("ReferencedWeekName", "1")))),
                BodyField.Group("SpecialDays"),
                BodyField.Group("ThresholdMatrix", [.. Enumerable.Range(1, ThresholdGroups).Select(i =>
                    new BodyField("Thresholds", null, [BodyField.Indexed("BlockThreshold", 1, NoBlock)], i))])),
            Prices(tariff),
        ];
    }

    /// <summary>The children of sr:UpdatePricePrimaryElement.</summary>
    /// <exception cref="SendUsageException">No --tariff.</exception>
    public static IReadOnlyList<BodyField> Price(SrvRequestArguments a) => [Prices(Required(a, "1.2.1"))];

    private static BodyField Prices(TariffFile t) => BodyField.Group("PriceElements", BodyField.Group("ElectricityPriceElements",
        BodyField.Leaf("StandingCharge", Text(t.StandingCharge)),
        BodyField.Leaf("StandingChargeScale", Text(t.StandingChargeScale)),
        BodyField.Leaf("PriceScale", Text(t.PriceScale)),
        BodyField.Group("TOUTariff", [.. t.Prices.Select((p, i) => BodyField.Indexed("TOUPrice", i + 1, Text(p)))])));

    private static BodyField Day(int name, IReadOnlyList<TariffSwitch> switches) => BodyField.Group("DayProfile",
        [BodyField.Leaf("DayName", Text(name)), .. switches.Select(s => BodyField.Group("ProfileSchedule",
            BodyField.Leaf("StartTime", s.Start.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + ".00Z"),
            BodyField.Leaf("TOUTariffAction", Text(s.Rate))))]);

    private static TariffFile Required(SrvRequestArguments a, string srv) =>
        a.Tariff ?? throw new SendUsageException($"SRV {srv} needs --tariff FILE (a JSON tariff: see the README)");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
