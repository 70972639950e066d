using System.Xml;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// 2.1 Update Prepay Configuration on an ESME (critical, device future-dated) -> ECS08, or ECS08a on an ESME whose
/// GBCS version has it (<see cref="DeviceProfile.UsesEcs08a"/>): the non-disablement calendar (special days table
/// 0-1:11.0.2.255 and schedule 0-1:12.0.1.255), the maximum meter balance and credit threshold, the debt recovery
/// rate cap (amount from the body, period one week), low credit and emergency credit limit and threshold, each as a
/// passive value (GBCS Extended Data attribute 4) with its activation time (attribute 6). ECS08 sets the maximum
/// meter balance's active value (attribute 2) instead. User-originated.
/// </summary>
internal static class Ecs08Ecs08aPrepayConfigurationTransforms
{
    private const int SpecialDaysTable = 11;
    private const int Schedule = 10;
    private const int ExtendedData = EsmeDlms.GbcsExtendedDataClass;
    private const int Passive = 4;
    private const int ActivationTime = 6;
    private const ulong NonDisablementSpecialDays = 0x00010B0002FF;
    private const ulong NonDisablementSchedule = 0x00010C0001FF;
    private const ulong MaxMeterBalance = 0x00005E2C0214;
    private const ulong MaxCreditThreshold = 0x00005E2C020A;
    private const ulong DebtRecoveryRateCapAmount = 0x00005E2C800C;
    private const ulong DebtRecoveryRateCapPeriod = 0x00005E2C800D;
    private const ulong LowCreditThreshold = 0x00005E2C8009;
    private const ulong EmergencyCreditLimit = 0x00005E2C8002;
    private const ulong EmergencyCreditThreshold = 0x00005E2C8003;
    private const ulong SpecialDaysActivation = 0x00005E2C801F;
    private const ulong CalendarActivation = 0x00005E2C801C;
    // The disconnect control script table; its scripts 0x20/0x21 start and stop a non-disablement period.
    private const ulong DisconnectScriptTable = 0x00000A006AFF;
    private const uint OneWeekSeconds = 7 * 24 * 3600;

    public static IEnumerable<IUseCaseTransform> All() =>
    [
        new EsmeSections1To4UseCase("2.1", "UpdatePrepayConfiguration", "ECS08", 0x001F, r => Build(r, ecs08a: false),
            critical: true, deviceFutureDated: true, applies: r => IsElectricity(r) && !r.Profile.UsesEcs08a),
        new EsmeSections1To4UseCase("2.1", "UpdatePrepayConfiguration", "ECS08a", 0x00DE, r => Build(r, ecs08a: true),
            critical: true, deviceFutureDated: true, applies: r => IsElectricity(r) && r.Profile.UsesEcs08a),
    ];

    private static bool IsElectricity(EsmeRequest r) => DuisBody.Child(r.Body, "UpdatePrepayConfigElectricity") is not null;

    private static Func<CommandHeader, byte[]> Build(EsmeRequest r, bool ecs08a)
    {
        var e = DuisBody.Required(r.Body, "UpdatePrepayConfigElectricity");
        var calendar = DuisBody.Required(e, "ElectricityNonDisablementCalendar");
        var specialDays = DuisBody.Required(calendar, "ElectricitySpecialDays").ChildNodes.OfType<XmlElement>()
            .Where(x => x.LocalName == "SpecialDay").ToList();
        var schedule = calendar.ChildNodes.OfType<XmlElement>().Where(x => x.LocalName == "ElectricityNonDisablementSchedule").ToList();
        var activation = EsmeDlms.ActivationTime(r.ExecutionDateTime);
        (Cosem Attribute, DlmsData Value)[] sets =
        [
            (new(SpecialDaysTable, NonDisablementSpecialDays, 2), DlmsData.Array(specialDays.Select(SpecialDay).ToArray())),
            (new(ExtendedData, MaxMeterBalance, ecs08a ? Passive : 2), DlmsData.DoubleLong(EsmeBody.SignedInt(e, "MaxMeterBalance"))),
            (new(ExtendedData, MaxCreditThreshold, Passive), DlmsData.DoubleLong(EsmeBody.SignedInt(e, "MaxCreditThreshold"))),
            (new(Schedule, NonDisablementSchedule, 2), DlmsData.Array(schedule.Select((s, i) => ScheduleEntry(s, i + 1, specialDays.Count)).ToArray())),
            (new(ExtendedData, DebtRecoveryRateCapAmount, Passive), DlmsData.LongUnsigned(DuisBody.Int(e, "DebtRecoveryRateCap"))),
            (new(ExtendedData, DebtRecoveryRateCapPeriod, Passive), DlmsData.DoubleLong((int)OneWeekSeconds)),
            (new(ExtendedData, LowCreditThreshold, Passive), DlmsData.DoubleLong(EsmeBody.SignedInt(e, "LowCreditThreshold"))),
            (new(ExtendedData, EmergencyCreditLimit, Passive), DlmsData.DoubleLong(EsmeBody.SignedInt(e, "EmergencyCreditLimit"))),
            (new(ExtendedData, SpecialDaysActivation, ActivationTime), activation),
            (new(ExtendedData, EmergencyCreditThreshold, Passive), DlmsData.DoubleLong(EsmeBody.SignedInt(e, "EmergencyCreditThreshold"))),
            .. new[] { MaxMeterBalance, MaxCreditThreshold, DebtRecoveryRateCapAmount, DebtRecoveryRateCapPeriod, LowCreditThreshold,
                    EmergencyCreditLimit, EmergencyCreditThreshold, CalendarActivation }
                .Select(o => (new Cosem(ExtendedData, o, ActivationTime), activation)),
        ];
        return h => EsmeDlms.Request(h, sets.Select(s => EsmeDlms.SetSpec(s.Attribute)).ToArray(), sets.Select(s => s.Value).ToArray());
    }

    /// <summary>A special day entry {index, date, day id = index}.</summary>
    private static DlmsData SpecialDay(XmlElement day)
    {
        var index = int.TryParse(day.GetAttribute("index"), out var i) && i is >= 1 and <= 20
            ? i : throw DuisBody.Invalid($"sr:SpecialDay index '{day.GetAttribute("index")}' is not 1..20");
        return DlmsData.Structure([DlmsData.LongUnsigned(index), EsmeDates.Date(DuisBody.Required(day, "Date")), DlmsData.Unsigned(index)]);
    }

    /// <summary>
    /// A schedule entry: {index, enabled, disconnect script table, script (START 0x20, STOP 0x21), switch time,
    /// validity window 0xFFFF (no limit), weekdays bit-string(7) Monday first, special days bit-string (one bit per
    /// special day, day id 1 first), begin date, end date}.
    /// </summary>
    private static DlmsData ScheduleEntry(XmlElement s, int index, int specialDayCount)
    {
        var script = DuisBody.RequiredText(s, "NonDisablementScript") switch
        {
            "START" => 0x20,
            "STOP" => 0x21,
            var t => throw DuisBody.Invalid($"sr:NonDisablementScript '{t}' is not START or STOP"),
        };
        var weekdays = new bool[7];
        foreach (var d in DuisBody.Required(s, "DaysOfWeekApplicability").ChildNodes.OfType<XmlElement>())
        {
            var name = DuisBody.RequiredText(d, "DayOfWeekID");
            var day = Array.IndexOf(DayNames, name);
            weekdays[day >= 0 ? day : throw DuisBody.Invalid($"sr:DayOfWeekID '{name}' is not a day name")] = true;
        }
        var special = new bool[specialDayCount];
        foreach (var d in DuisBody.Required(s, "SpecialDaysApplicability").ChildNodes.OfType<XmlElement>())
        {
            var id = DuisBody.Int(d, "SpecialDayID");
            if (id < 1 || id > specialDayCount)
                throw DuisBody.Invalid($"sr:SpecialDayID {id} names no special day (the calendar has {specialDayCount})");
            special[id - 1] = true;
        }
        var when = DuisBody.Required(s, "ScheduleDatesAndTime");
        return DlmsData.Structure(
        [
            DlmsData.LongUnsigned(index),
            DlmsData.Boolean(true),
            DlmsData.OctetString(Obis.ToBytes(DisconnectScriptTable)),
            DlmsData.LongUnsigned(script),
            EsmeDates.XsTime(when, "SwitchTime"),
            DlmsData.LongUnsigned(0xFFFF),
            EsmeDlms.Bits(weekdays),
            EsmeDlms.Bits(special),
            EsmeDates.XsDate(when, "StartDate"),
            EsmeDates.XsDate(when, "EndDate"),
        ]);
    }

    private static readonly string[] DayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
}
