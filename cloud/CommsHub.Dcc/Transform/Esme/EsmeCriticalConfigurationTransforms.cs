using System.Globalization;
using System.Xml;
using CommsHub.Protocol.Dlms;
using static CommsHub.Dcc.Transforms.Esme.CosemClass;
using static CommsHub.Dcc.Transforms.Esme.Ecs26ReadEsmeConfigurationTransforms;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// Critical (CV4, pre-command) ESME commands of sections 6-8 built as DLMS sets and actions: 6.4.1 load limiting
/// general settings (ECS28a, future-datable), 6.8 billing calendar (ECS30/ECS30a), 6.11 and 8.1.1 clock
/// synchronisation (ECS70), 6.25 supply tamper state (ECS81), 6.26 daily block counter reset (ECS48), 7.3 arm supply
/// (ECS44), 7.5/7.6/7.8 auxiliary load activate/deactivate/reset (ECS47), 7.12 randomised offset limit (ECS38),
/// 7.13 auxiliary controller state (ECS47a), 7.16 APC level limit (ECS47e).
/// </summary>
internal static class EsmeCriticalConfigurationTransforms
{
    private static readonly Cosem ArmScript = Cosem.Of(ScriptTable, "0-0:10.0.106.255", 1);
    private static readonly Cosem AuxiliaryLoadScript = Cosem.Of(ScriptTable, "0-0:10.0.103.255", 1);
    private static readonly Cosem ApcLimitScript = Cosem.Of(ScriptTable, "0-0:10.0.107.255", 1);
    private static readonly Cosem Clock = Cosem.Of(CosemClass.Clock, "0-0:1.0.0.255", 0);

    /// <summary>The transforms.</summary>
    public static IEnumerable<IUseCaseTransform> All()
    {
        yield return new EsmeDlmsTransform("6.4.1", "UpdateDeviceConfigurationLoadLimitingGeneralSettings",
            Critical("ECS28a", 0x0043, IsEsme, r => LoadLimiting(r.Body)));
        yield return new EsmeDlmsTransform("6.8", "UpdateDeviceConfigurationBillingCalendar",
            Critical("ECS30", 0x0046, r => IsEsme(r) && r.Profile.OlderGbcsVersion, r => BillingCalendar(r.Body, monthlyOnly: true)),
            Critical("ECS30a", 0x00D7, IsEsme, r => BillingCalendar(r.Body, monthlyOnly: false)));
        yield return new EsmeDlmsTransform("6.11", "SynchroniseClock", Critical("ECS70", 0x0062, IsEsme, r => SynchroniseClock(r.Body)));
        yield return new EsmeDlmsTransform("8.1.1", "CommissionDeviceSynchroniseClock", Critical("ECS70", 0x0062, IsEsme, r => SynchroniseClock(r.Body)));
        yield return new EsmeDlmsTransform("6.25", "SetElectricitySupplyTamperState",
            Critical("ECS81", 0x0068, IsEsme, r => new DlmsAccessList().Set(Cosem.Data("0-0:94.44.0.4"),
                DlmsData.Boolean(DuisBody.RequiredText(r.Body, "SupplyTamperState") switch
                {
                    "Locked" => true,
                    "Unlocked" => false,
                    var s => throw DuisBody.Invalid($"sr:SupplyTamperState '{s}' is not Locked or Unlocked"),
                }))));
        // Daily resetting on: one single-action entry at midnight every day; off: no entries.
        yield return new EsmeDlmsTransform("6.26", "UpdateDeviceConfigurationDailyResettingOfTariffBlockCounterMatrix",
            Critical("ECS48", 0x00DB, IsEsme, r => new DlmsAccessList().Set(Cosem.Of(SingleActionSchedule, "0-0:15.1.0.255", 4), DlmsData.Array(
                EsmeDlmsValues.Boolean(DuisBody.RequiredText(r.Body, "DailyTariffBlockCounterMatrixReset"), "DailyTariffBlockCounterMatrixReset")
                    ? [ExecutionEntry([0, 0, 0, 0], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF])]
                    : []))));
        yield return new EsmeDlmsTransform("7.3", "ArmSupply",
            Critical("ECS44", 0x0051, IsEsme, _ => new DlmsAccessList().Action(ArmScript, DlmsData.LongUnsigned(0x36))));
        yield return new EsmeDlmsTransform("7.12", "SetRandomisedOffsetLimit",
            Critical("ECS38", 0x004B, IsEsme, r => new DlmsAccessList().Set(Cosem.Data("0-0:94.44.0.1"), EsmeDlmsValues.LongUnsigned(r.Body, "RandomisedOffsetLimit"))));
        yield return new EsmeDlmsTransform("7.5", "ActivateAuxiliaryLoad",
            Critical("ECS47", 0x0055, IsEsme, r => AuxiliaryLoad(r.Body, "ActivateALCSHCALCS", 1, 0x11)));
        yield return new EsmeDlmsTransform("7.6", "DeactivateAuxiliaryLoad",
            Critical("ECS47", 0x0055, IsEsme, r => AuxiliaryLoad(r.Body, "DeactivateALCSHCALCS", 2, 0x12)));
        yield return new EsmeDlmsTransform("7.8", "ResetAuxiliaryLoad",
            Critical("ECS47", 0x0055, IsEsme, r => AuxiliaryLoad(r.Body, "ResetALCSHCALCS", 0, 0x20)));
        yield return new EsmeDlmsTransform("7.13", "SetAuxiliaryControllerState",
            Critical("ECS47a", 0x011E, IsEsme, r => ControllerState(r.Body, AuxiliaryLoadScript, 1)));
        yield return new EsmeDlmsTransform("7.16", "LimitAPCLevel",
            Critical("ECS47e", 0x011F, IsEsme, r => ControllerState(r.Body, ApcLimitScript, 3)));
    }

    private static EsmeDlmsCommand Critical(string useCase, int code, Func<EsmeRequest, bool> applies, Func<EsmeRequest, DlmsAccessList> build) =>
        new(useCase, code, CommandOrigin.User, true, applies, build);

    /// <summary>
    /// ECS28a: the passive values (attribute 4) of supply state, power threshold, period and restoration period
    /// (GBCS extended data), then the activation time (attribute 6) of each: now, the execution time, or never.
    /// </summary>
    private static DlmsAccessList LoadLimiting(XmlElement body)
    {
        var supplyState = DuisBody.RequiredText(body, "LoadLimitSupplyState") switch
        {
            "Disable" => true,
            "Unchanged" => false,
            var s => throw DuisBody.Invalid($"sr:LoadLimitSupplyState '{s}' is not Disable or Unchanged"),
        };
        var values = new (string Obis, DlmsData Value)[]
        {
            ("0-0:94.44.0.3", DlmsData.Boolean(supplyState)),
            ("0-0:94.44.128.7", EsmeDlmsValues.DoubleLongUnsigned(body, "LoadLimitPowerThreshold")),
            ("0-0:94.44.128.6", EsmeDlmsValues.DoubleLongUnsigned(body, "LoadLimitPeriod")),
            ("0-0:94.44.128.8", EsmeDlmsValues.DoubleLongUnsigned(body, "LoadLimitRestorationPeriod")),
        };
        var when = EsmeDlmsValues.ExecutionTime(body);
        var list = new DlmsAccessList();
        foreach (var (obis, value) in values) list.Set(Cosem.Of(GbcsExtendedData, obis, 4), value);
        foreach (var (obis, _) in values) list.Set(Cosem.Of(GbcsExtendedData, obis, 6), when);
        return list;
    }

    /// <summary>A single-action schedule execution-time entry: {time, date} octet-strings.</summary>
    private static DlmsData ExecutionEntry(byte[] time, byte[] date) =>
        DlmsData.Structure([DlmsData.OctetString(time), DlmsData.OctetString(date)]);

    /// <summary>
    /// ECS30/ECS30a: the billing single-action schedule 0-0:15.0.0.255 execution times (attribute 4), one entry per
    /// billing date at sr:BillingTime with wildcard year/month/day/weekday fields for the periodicity. ECS30 (older
    /// devices) takes only the monthly form.
    /// </summary>
    private static DlmsAccessList BillingCalendar(XmlElement body, bool monthlyOnly)
    {
        var calendar = DuisBody.Required(body, "ElectricityBillingCalendar");
        var time = EsmeDlmsValues.Time(calendar, "BillingTime").ToBytes();
        const byte Any = 0xFF;
        var entries = new List<DlmsData>();
        void Add(byte month, byte day, byte weekday) => entries.Add(ExecutionEntry(time, [Any, Any, month, day, weekday]));
        var periodicity = calendar.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName != "BillingTime")
            ?? throw DuisBody.Invalid("sr:ElectricityBillingCalendar has no periodicity");
        if (monthlyOnly && periodicity.LocalName != "Monthly")
            throw new DuisTransformException(TransformError.UnsupportedRequest,
                $"SRV 6.8: this ESME takes ECS30, which sets a monthly billing calendar only, not sr:{periodicity.LocalName}");
        switch (periodicity.LocalName)
        {
            case "Daily":
                Add(Any, Any, Any);
                break;
            case "Weekly":
                Add(Any, Any, Byte(periodicity.InnerText.Trim(), "Weekly", 1, 7));
                break;
            case "Monthly":
                Add(Any, Byte(periodicity.InnerText.Trim(), "Monthly", 1, 31), Any);
                break;
            case "Quarterly" or "SixMonthly" or "Yearly":
                var step = periodicity.LocalName switch { "Quarterly" => 3, "SixMonthly" => 6, _ => 12 };
                var day = Byte(DuisBody.RequiredText(periodicity, "DayOfMonth"), "DayOfMonth", 1, 31);
                var start = Byte(DuisBody.RequiredText(periodicity, "BillingPeriodStartMonth"), "BillingPeriodStartMonth", 1, 12);
                for (var m = 0; m < 12; m += step) Add((byte)((start - 1 + m) % 12 + 1), day, Any);
                break;
            default:
                throw DuisBody.Invalid($"sr:ElectricityBillingCalendar periodicity sr:{periodicity.LocalName} is not known");
        }
        return new DlmsAccessList().Set(Cosem.Of(SingleActionSchedule, "0-0:15.0.0.255", 4), DlmsData.Array(entries.ToArray()));
    }

    private static byte Byte(string text, string name, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? (byte)v
            : throw DuisBody.Invalid($"sr:{name} '{text}' is not {min} to {max}");

    /// <summary>
    /// ECS70: clock time source (attribute 9) = 5, preset_adjusting_time (method 5) with the new time valid from
    /// sr:CurrentDateTime for sr:TolerancePeriod seconds, adjust_to_preset_time (method 4), then read back the time
    /// (attribute 2) and status (attribute 4).
    /// </summary>
    private static DlmsAccessList SynchroniseClock(XmlElement body)
    {
        var now = DuisBody.DateTime(body, "CurrentDateTime");
        var tolerance = EsmeDlmsValues.UInt(body, "TolerancePeriod", 86_400);
        return new DlmsAccessList()
            .Set(Clock with { Id = 9 }, DlmsData.Enum(5))
            .Action(Clock with { Id = 5 }, DlmsData.Structure(
            [
                EsmeDlmsValues.Never(),
                EsmeDlmsValues.DateTime(now),
                EsmeDlmsValues.DateTime(now.AddSeconds(tolerance)),
            ]))
            .Action(Clock with { Id = 4 }, DlmsData.Integer(0))
            .Get(Clock with { Id = 2 })
            .Get(Clock with { Id = 4 });
    }

    /// <summary>
    /// ECS47 on auxiliary load n (index attribute 1-5): for activate/deactivate, the duration into 0-0:94.44.(116+n).F
    /// (F = <paramref name="durationF"/>); then script 0-0:10.0.103.255 executes selector n·256 + <paramref name="action"/>.
    /// </summary>
    private static DlmsAccessList AuxiliaryLoad(XmlElement body, string element, int durationF, int action)
    {
        var load = DuisBody.Required(body, element);
        var n = Index(load.GetAttribute("index"), element + " index");
        var list = new DlmsAccessList();
        if (durationF != 0)
            list.Set(Cosem.Data($"0-0:94.44.{116 + n}.{durationF}"), EsmeDlmsValues.LongUnsigned(load, "Duration"));
        return list.Action(AuxiliaryLoadScript, DlmsData.LongUnsigned(n << 8 | action));
    }

    /// <summary>
    /// ECS47a/ECS47e on controller n (auxiliaryControllerN 1-5): start and end date-times into 0-0:94.44.(116+n).F and
    /// F+1, then <paramref name="script"/> executes selector (direction·16 + n)·256 + level, direction 2 for an input
    /// from the controlled load, else 1.
    /// </summary>
    private static DlmsAccessList ControllerState(XmlElement body, Cosem script, int firstF)
    {
        var n = Index(body.GetAttribute("auxiliaryControllerN"), "auxiliaryControllerN");
        var level = (int)EsmeDlmsValues.UInt(body, "CommandedStateLevel", 100);
        var direction = DuisBody.Child(body, "InputFromControlledLoad") is null ? 1 : 2;
        return new DlmsAccessList()
            .Set(Cosem.Data($"0-0:94.44.{116 + n}.{firstF}"), EsmeDlmsValues.DateTime(DuisBody.DateTime(body, "StartDateTime")))
            .Set(Cosem.Data($"0-0:94.44.{116 + n}.{firstF + 1}"), EsmeDlmsValues.DateTime(DuisBody.DateTime(body, "EndDateTime")))
            .Action(script, DlmsData.LongUnsigned(((direction << 4) | n) << 8 | level));
    }

    private static int Index(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 5
            ? n
            : throw DuisBody.Invalid($"{name} '{text}' is not 1 to 5");
}
