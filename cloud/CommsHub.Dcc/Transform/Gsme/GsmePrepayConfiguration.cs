using System.Xml;
using static CommsHub.Dcc.Transforms.Gsme.GsmeUseCase;

namespace CommsHub.Dcc.Transforms.Gsme;

/// <summary>
/// 2.1 Update Prepay Configuration on a GSME -> GCS05 (critical): Prepayment Emergency Credit Setup, Set Overall Debt
/// Cap, Set Low Credit Warning Level (its start as GBZ from date-time), Set Maximum Credit Limit, then the
/// non-disablement (friendly credit) calendar, each part when the body has it, all from the ExecutionDateTime.
/// </summary>
internal static class GsmePrepayConfiguration
{
    public static IEnumerable<IUseCaseTransform> All =>
    [
        Gbz("2.1", "GCS05", 0x006F, "UpdatePrepayConfiguration", Build, critical: true),
    ];

    private static IReadOnlyList<GbzCommand> Build(GsmeRequest r)
    {
        var gas = DuisBody.Required(r.Body, "UpdatePrepayConfigGas");
        var start = GsmeValues.ExecutionTime(r.Body);
        var list = new List<GbzCommand>();
        if (Has(gas, "EmergencyCreditLimit") || Has(gas, "EmergencyCreditThreshold"))
            list.Add(GbzCommand.ToServer(ZclCluster.Prepayment, 0x03, new ZclWriter().U32(r.IssuerEventId).U32(start)
                .U32(Value(gas, "EmergencyCreditLimit")).U32(Value(gas, "EmergencyCreditThreshold"))));
        if (Has(gas, "DebtRecoveryRateCap"))
            list.Add(GbzCommand.ToServer(ZclCluster.Prepayment, 0x0C, new ZclWriter().U32(0).U32(r.IssuerEventId).U32(start)
                .U32(Value(gas, "DebtRecoveryRateCap"))));
        if (Has(gas, "LowCreditThreshold"))
            list.Add(new GbzCommand(ZclCluster.Prepayment, ZclFrame.ClientToServer, 0x09,
                new ZclWriter().U32(Value(gas, "LowCreditThreshold")).ToArray(), start));
        if (Has(gas, "MaxMeterBalance") || Has(gas, "MaxCreditThreshold"))
            list.Add(GbzCommand.ToServer(ZclCluster.Prepayment, 0x0B, new ZclWriter().U32(0).U32(r.IssuerEventId).U32(start)
                .U32(Value(gas, "MaxMeterBalance")).U32(Value(gas, "MaxCreditThreshold"))));
        if (DuisBody.Child(gas, "GasNonDisablementCalendar") is { } calendar)
        {
            var days = GsmeCalendar.Children(DuisBody.Child(calendar, "DayProfiles"), "GasNonDisablementDayProfile")
                .Select(d => new CalendarDay(DuisBody.Int(d, "GasDayName"), GsmeCalendar.Children(d, "TimeStartAction")
                    .Select(a => (GsmeCalendar.Minutes(a, "StartTime"), FriendlyCredit(a))).ToArray()))
                .ToArray();
            list.AddRange(GsmeCalendar.Publish(r, GsmeCalendar.FriendlyCreditCalendar, GsmeValues.ExecutionTime(r.Body, GsmeValues.Latest), days,
                GsmeCalendar.Weeks(DuisBody.Child(calendar, "WeekProfiles")),
                GsmeCalendar.Dates(DuisBody.Child(calendar, "SeasonProfiles"), "Season", "SeasonStartDate", "ReferencedWeekName"),
                GsmeCalendar.Dates(DuisBody.Child(calendar, "SpecialDays"), "SpecialDay", "Date", "ReferencedDayName")));
        }
        if (list.Count == 0) throw DuisBody.Invalid("sr:UpdatePrepayConfigGas sets nothing");
        return list;
    }

    /// <summary>Friendly credit (non-disablement) on from this time: START 1, STOP 0.</summary>
    private static int FriendlyCredit(XmlElement action) => DuisBody.RequiredText(action, "NonDisablementAction") switch
    {
        "START" => 1,
        "STOP" => 0,
        var v => throw DuisBody.Invalid($"sr:NonDisablementAction '{v}' is not START or STOP"),
    };

    private static bool Has(XmlElement parent, string name) => DuisBody.Child(parent, name) is not null;

    private static uint Value(XmlElement parent, string name) => (uint)GsmeValues.Integer(parent, name);
}
