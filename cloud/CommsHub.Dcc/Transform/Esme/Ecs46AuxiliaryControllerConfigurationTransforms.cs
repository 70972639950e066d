using System.Xml;
using CommsHub.Protocol.Dlms;
using static CommsHub.Dcc.Transforms.Esme.CosemClass;
using static CommsHub.Dcc.Transforms.Esme.EsmeSections6To11Calendars;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// 6.14.x auxiliary load and controller configuration (critical): 6.14.1 descriptions (ECS46a), 6.14.2 ALCS/HCALCS
/// calendar (ECS46c), 6.14.3 auxiliary controller calendar (ECS46d). The calendars go into the auxiliary Special Days
/// Table 0-1:11.0.3.255 and Schedule 0-1:12.0.2.255, whose entries run script table 0-0:10.0.103.255, and take effect
/// at the request's execution time (GBCS extended data activation times).
/// </summary>
internal static class Ecs46AuxiliaryControllerConfigurationTransforms
{
    private static readonly ulong AuxiliaryLoadScripts = Obis.Parse("0-0:10.0.103.255");
    private static readonly Cosem SpecialDaysEntries = Cosem.Of(CosemClass.SpecialDaysTable, "0-1:11.0.3.255", 2);
    private static readonly Cosem ScheduleEntries = Cosem.Of(CosemClass.Schedule, "0-1:12.0.2.255", 2);
    private static readonly Cosem SpecialDaysActivation = Cosem.Of(GbcsExtendedData, "0-0:94.44.128.26", 6);
    private static readonly Cosem ScheduleActivation = Cosem.Of(GbcsExtendedData, "0-0:94.44.128.35", 6);

    /// <summary>The transforms. Targets are the ESME or a standalone auxiliary controller that the inventory types as one.</summary>
    public static IEnumerable<IUseCaseTransform> All()
    {
        yield return new EsmeDlmsTransform("6.14.1", "UpdateDeviceConfigurationALCDescriptions",
            Critical("ECS46a", 0x0053, Descriptions));
        yield return new EsmeDlmsTransform("6.14.2", "UpdateDeviceConfigurationALCScheduler",
            Critical("ECS46c", 0x0054, AlcsCalendar));
        yield return new EsmeDlmsTransform("6.14.3", "UpdateDeviceConfigurationAuxiliaryControllerScheduler",
            Critical("ECS46d", 0x011A, AuxiliaryControllerCalendar));
    }

    private static EsmeDlmsCommand Critical(string useCase, int code, Func<XmlElement, DlmsAccessList> build) =>
        new(useCase, code, CommandOrigin.User, true, Ecs26ReadEsmeConfigurationTransforms.IsEsme, r => build(r.Body));

    /// <summary>ECS46a: each load n's sr:SwitchDescription into 0-0:94.44.0.(10+n) as a visible-string.</summary>
    private static DlmsAccessList Descriptions(XmlElement body)
    {
        var list = new DlmsAccessList();
        foreach (var d in Children(body, "ALCSHCALCSDescription"))
        {
            var n = Index(d.GetAttribute("index"), "ALCSHCALCSDescription index", 5);
            list.Set(Cosem.Data($"0-0:94.44.0.{10 + n}"), DlmsData.VisibleString(DuisBody.RequiredText(d, "SwitchDescription")));
        }
        if (list.Count == 0) throw DuisBody.Invalid("sr:UpdateDeviceConfigurationALCDescriptions describes no switch");
        return list;
    }

    /// <summary>
    /// ECS46c: each switch's type into 0-0:94.44.0.(20+n) (an HCALCS's EUI-64, eight zero bytes for the ESME's own
    /// ALCS), the special days, the schedule (selector n·256 + 1 to activate, + 2 to deactivate), then the activation
    /// times.
    /// </summary>
    private static DlmsAccessList AlcsCalendar(XmlElement body)
    {
        var list = new DlmsAccessList();
        foreach (var s in Children(body, "SwitchTypeAndId"))
        {
            var n = Index(s.GetAttribute("index"), "SwitchTypeAndId index", 5);
            var id = DuisBody.Child(s, "HCALCS") is not null ? DuisBody.Eui(s, "HCALCS")
                : DuisBody.Child(s, "ALCS") is not null ? 0UL
                : throw DuisBody.Invalid($"sr:SwitchTypeAndId {n} is neither sr:ALCS nor sr:HCALCS");
            list.Set(Cosem.Data($"0-0:94.44.0.{20 + n}"), DlmsData.OctetString(id));
        }
        var days = DuisBody.Child(body, "ALCSHCALCSSpecialDays") is { } d ? Children(d, "ALCSHCALCSSpecialDay") : [];
        var entries = Children(body, "ALCSHCALCSConnectionSchedule").Select((e, i) =>
        {
            var sw = DuisBody.Required(e, "ActivateDeactivateSwitch");
            var n = Index(sw.GetAttribute("index"), "ActivateDeactivateSwitch index", 5);
            var action = DuisBody.Child(sw, "ActivateSwitch") is not null ? 1
                : DuisBody.Child(sw, "DeactivateSwitch") is not null ? 2
                : throw DuisBody.Invalid("sr:ActivateDeactivateSwitch is neither sr:ActivateSwitch nor sr:DeactivateSwitch");
            return Entry(i + 1, n << 8 | action, e, DuisBody.Required(e, "ALCSScheduleDatesAndTime"), days.Count, "index");
        });
        return Calendar(list, body, days, "index", entries);
    }

    /// <summary>
    /// ECS46d: the special days, the schedule (selector (direction·16 + n)·256 + 128 + level, direction 2 for an input
    /// from the controlled load, else 1), then the activation times.
    /// </summary>
    private static DlmsAccessList AuxiliaryControllerCalendar(XmlElement body)
    {
        var days = DuisBody.Child(body, "AuxiliaryControllerSpecialDayDefinitions") is { } d ? Children(d, "AuxiliaryControllerSpecialDayDefinition") : [];
        var entries = Children(body, "AuxiliaryControllerSchedule").Select((e, i) =>
        {
            var action = DuisBody.Required(e, "AuxiliaryControllerAction");
            var n = Index(action.GetAttribute("auxiliaryControllerN"), "auxiliaryControllerN", 5);
            var level = (int)EsmeDlmsValues.UInt(action, "CommandedStateLevel", 100);
            var direction = DuisBody.Child(action, "InputFromControlledLoad") is null ? 1 : 2;
            return Entry(i + 1, ((direction << 4) | n) << 8 | 0x80 | level, e,
                DuisBody.Required(e, "AuxiliaryControllerSchedulePeriodAndTime"), days.Count, "identifier");
        });
        return Calendar(new DlmsAccessList(), body, days, "identifier", entries);
    }

    private static DlmsData Entry(int index, int selector, XmlElement schedule, XmlElement period, int specialDays, string attribute) =>
        ScheduleEntry(index, AuxiliaryLoadScripts, selector, EsmeDlmsValues.Time(period, "SwitchTime"), Weekdays7(schedule),
            SpecialDays(schedule, specialDays, attribute),
            Date(DuisBody.Required(period, "StartDate")), Date(DuisBody.Required(period, "EndDate")));

    private static DlmsAccessList Calendar(DlmsAccessList list, XmlElement body, List<XmlElement> days, string attribute, IEnumerable<DlmsData> entries)
    {
        var schedule = entries.ToArray();
        if (schedule.Length == 0) throw DuisBody.Invalid($"sr:{body.LocalName} has no schedule entry");
        var when = EsmeDlmsValues.ExecutionTime(body);
        return list
            .Set(SpecialDaysEntries, SpecialDaysTable(days, attribute))
            .Set(ScheduleEntries, DlmsData.Array(schedule))
            .Set(SpecialDaysActivation, when)
            .Set(ScheduleActivation, when);
    }
}
