using System.Xml;
using CommsHub.Protocol.Dlms;
using static CommsHub.Dcc.Transforms.Esme.CosemClass;
using static CommsHub.Dcc.Transforms.Esme.Ecs26ReadEsmeConfigurationTransforms;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// Non-critical ESME configuration writes of sections 6 and 7: 6.4.2 load limit counter reset (ECS28b), 6.5 voltage
/// configuration (ECS29a-d), 6.27 RMS voltage counter reset (ECS29e/f), 6.12 instantaneous power thresholds (ECS34),
/// 6.18.1 maximum demand time period (ECS37), 6.18.2 maximum demand reset (ECS57), 6.20.1/6.20.2 MPANs (ECS39a/b),
/// 7.9/7.10 boost button loads (ECS62). Each sets attributes from body elements or invokes reset methods.
/// </summary>
internal static class Ecs28To62SetEsmeConfigurationTransforms
{
    private static readonly DlmsData ResetParameter = DlmsData.Integer(0);

    /// <summary>The four voltage limiters: extreme over, extreme under, sag, swell (GBCS order).</summary>
    private static readonly (string Limiter, string Threshold, string Period)[] RmsLimiters =
    [
        ("0-0:17.0.1.255", "RMSExtremeOverVoltageThreshold", "RMSExtremeOverVoltageMeasurementPeriod"),
        ("0-0:17.0.2.255", "RMSExtremeUnderVoltageThreshold", "RMSExtremeUnderVoltageMeasurementPeriod"),
        ("0-0:17.0.3.255", "RMSVoltageSagThreshold", "RMSVoltageSagMeasurementPeriod"),
        ("0-0:17.0.4.255", "RMSVoltageSwellThreshold", "RMSVoltageSwellMeasurementPeriod"),
    ];

    /// <summary>OBIS group C of each phase's voltage quantities (32, 52, 72).</summary>
    private static readonly int[] PhaseGroup = [32, 52, 72];

    /// <summary>The transforms.</summary>
    public static IEnumerable<IUseCaseTransform> All()
    {
        yield return new EsmeDlmsTransform("6.4.2", "UpdateDeviceConfigurationLoadLimitingCounterReset",
            Command("ECS28b", 0x0044, IsEsme, _ => new DlmsAccessList().Action(Cosem.Of(Register, "0-0:94.44.42.255", 1), ResetParameter)));
        yield return new EsmeDlmsTransform("6.5", "UpdateDeviceConfigurationVoltage",
            Command("ECS29d", 0x00D2, r => IsEsme(r) && IsPolyPhase(r.Body) && !ResetsCounters(r.Body), r => Voltage(r.Body, 3, false)),
            Command("ECS29b", 0x00AE, r => IsEsme(r) && IsPolyPhase(r.Body), r => Voltage(r.Body, 3, true)),
            Command("ECS29c", 0x00D1, r => IsEsme(r) && !ResetsCounters(r.Body), r => Voltage(r.Body, 1, false)),
            Command("ECS29a", 0x0045, IsEsme, r => Voltage(r.Body, 1, true)));
        yield return new EsmeDlmsTransform("6.27", "UpdateDeviceConfigurationRMSVoltageCounterReset",
            Command("ECS29f", 0x00D4, r => IsEsme(r) && r.Profile.Variant == EsmeVariant.Polyphase, _ => ResetVoltageCounters(new DlmsAccessList(), 3)),
            Command("ECS29e", 0x00D3, IsEsme, _ => ResetVoltageCounters(new DlmsAccessList(), 1)));
        yield return new EsmeDlmsTransform("6.12", "UpdateDeviceConfigurationInstantaneousPowerThreshold",
            Command("ECS34", 0x0047, IsEsme, r => new DlmsAccessList().Set(Cosem.Of(RegisterMonitor, "0-0:16.0.0.255", 2), DlmsData.Array(
            [
                EsmeDlmsValues.DoubleLongUnsigned(r.Body, "LowMediumPowerThreshold"),
                EsmeDlmsValues.DoubleLongUnsigned(r.Body, "MediumHighPowerThreshold"),
            ]))));
        yield return new EsmeDlmsTransform("6.18.1", "SetMaximumDemandConfigurableTimePeriod",
            Command("ECS37", 0x004A, IsEsme, r => MaximumDemandPeriod(DuisBody.Required(r.Body, "MaximumDemandTimePeriodSchedule"))));
        yield return new EsmeDlmsTransform("6.18.2", "ResetMaximumDemandRegisters",
            Command("ECS57", 0x005A, IsEsme, r => ResetMaximumDemand(r.Body)));
        yield return new EsmeDlmsTransform("6.20.1", "SetDeviceConfigurationImportMPxN",
            Command("ECS39a", 0x004C, IsEsme, r =>
            {
                var mpans = DuisBody.Required(r.Body, "ImportMPANs");
                // A twin-element ESME holds both MPANs in the one string, primary first (RTDS TWIN).
                var text = DuisBody.RequiredText(mpans, "ImportMPAN") + (DuisBody.Text(mpans, "SecondaryImportMPAN") ?? "");
                return new DlmsAccessList().Set(Cosem.Data("0-0:94.44.34.11"), DlmsData.OctetString(System.Text.Encoding.UTF8.GetBytes(text)));
            }));
        // The export supplier is unknown to the ESME: RTDS has the ACB originate ECS39b on its behalf.
        yield return new EsmeDlmsTransform("6.20.2", "SetDeviceConfigurationExportMPAN",
            new EsmeDlmsCommand("ECS39b", 0x004D, CommandOrigin.AccessControlBroker, false, IsEsme, r => new DlmsAccessList().Set(
                Cosem.Data("1-0:0.0.2.255"), DlmsData.OctetString(System.Text.Encoding.UTF8.GetBytes(DuisBody.RequiredText(r.Body, "ExportMPAN"))))));
        yield return new EsmeDlmsTransform("7.9", "AddAuxiliaryLoadToBoostButton",
            Command("ECS62", 0x005F, IsEsme, r => BoostButton(r.Body, "AddToBoostButton", true)));
        yield return new EsmeDlmsTransform("7.10", "RemoveAuxiliaryLoadFromBoostButton",
            Command("ECS62", 0x005F, IsEsme, r => BoostButton(r.Body, "RemoveFromBoostButton", false)));
    }

    private static EsmeDlmsCommand Command(string useCase, int code, Func<EsmeRequest, bool> applies, Func<EsmeRequest, DlmsAccessList> build) =>
        new(useCase, code, CommandOrigin.User, false, applies, build);

    private static bool IsPolyPhase(XmlElement body) => DuisBody.Child(body, "PolyPhaseVoltageSettings") is not null;

    private static bool ResetsCounters(XmlElement body) => DuisBody.Child(body, "RMSVoltageCountersNotReset") is null;

    /// <summary>
    /// ECS29a-d. With counter reset (a/b): periods, limiters, over/under thresholds, then the counter resets. Without
    /// (c/d): under/over thresholds first, then periods and limiters (GBCS's two tables order them differently).
    /// </summary>
    private static DlmsAccessList Voltage(XmlElement body, int phases, bool reset)
    {
        var settings = PhaseSettings(body, phases);
        var list = new DlmsAccessList();
        if (!reset) AverageThresholds(list, settings, reset);
        for (var p = 0; p < phases; p++)
            list.Set(Cosem.Of(ProfileGeneric, $"1-0:{PhaseGroup[p]}.24.0.255", 4), EsmeDlmsValues.DoubleLongUnsigned(settings[p], "AverageRMSVoltageMeasurementPeriod"));
        var rms = DuisBody.Required(body, "RMSVoltageSettings");
        foreach (var (limiter, threshold, period) in RmsLimiters)
        {
            list.Set(Cosem.Of(Limiter, limiter, 4), EsmeDlmsValues.DoubleLongUnsigned(rms, threshold));
            list.Set(Cosem.Of(Limiter, limiter, 6), EsmeDlmsValues.DoubleLongUnsigned(rms, period));
        }
        if (reset)
        {
            AverageThresholds(list, settings, reset);
            ResetVoltageCounters(list, phases);
        }
        return list;
    }

    /// <summary>
    /// The average RMS over (…35.0.4) and under (…31.0.4) voltage thresholds per phase. GBCS orders phase 1 over-then-
    /// under in the reset variant (as ECS26b reads it) and under-then-over otherwise; later phases are under-then-over.
    /// </summary>
    private static void AverageThresholds(DlmsAccessList list, XmlElement[] settings, bool reset)
    {
        for (var p = 0; p < settings.Length; p++)
        {
            var over = (Cosem.Data($"1-0:{PhaseGroup[p]}.35.0.4"), EsmeDlmsValues.DoubleLongUnsigned(settings[p], "AverageRMSOverVoltageThreshold"));
            var under = (Cosem.Data($"1-0:{PhaseGroup[p]}.31.0.4"), EsmeDlmsValues.DoubleLongUnsigned(settings[p], "AverageRMSUnderVoltageThreshold"));
            var (first, second) = reset && p == 0 ? (over, under) : (under, over);
            list.Set(first.Item1, first.Item2).Set(second.Item1, second.Item2);
        }
    }

    /// <summary>Each phase's settings element: sr:SinglePhaseVoltageSettings, or sr:PhaseVoltageSettings of phases 1-3.</summary>
    private static XmlElement[] PhaseSettings(XmlElement body, int phases)
    {
        if (phases == 1) return [DuisBody.Required(body, "SinglePhaseVoltageSettings")];
        var byPhase = new XmlElement?[phases];
        foreach (var e in body.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "PolyPhaseVoltageSettings"))
        {
            var phase = DuisBody.Int(e, "Phase");
            if (phase < 1 || phase > phases) throw DuisBody.Invalid($"sr:Phase {phase} is not 1 to {phases}");
            if (byPhase[phase - 1] is not null) throw DuisBody.Invalid($"sr:PolyPhaseVoltageSettings names phase {phase} twice");
            byPhase[phase - 1] = DuisBody.Required(e, "PhaseVoltageSettings");
        }
        for (var p = 0; p < phases; p++)
        {
            if (byPhase[p] is null) throw DuisBody.Invalid($"sr:UpdateDeviceConfigurationVoltage on a polyphase ESME needs sr:PolyPhaseVoltageSettings for phase {p + 1}");
        }
        return byPhase!;
    }

    /// <summary>Resets the average RMS over (…32.0.4) and under (…36.0.4) voltage counters of each phase.</summary>
    private static DlmsAccessList ResetVoltageCounters(DlmsAccessList list, int phases)
    {
        for (var p = 0; p < phases; p++)
        {
            list.Action(Cosem.Of(Register, $"1-0:{PhaseGroup[p]}.32.0.4", 1), ResetParameter);
            list.Action(Cosem.Of(Register, $"1-0:{PhaseGroup[p]}.36.0.4", 1), ResetParameter);
        }
        return list;
    }

    /// <summary>
    /// ECS37: the schedule 0-0:12.0.0.255 gets two entries running script table 0-0:10.128.100.255 (the maximum
    /// demand period switch): script 1 at the start time, script 2 at the end time, every day.
    /// </summary>
    private static DlmsAccessList MaximumDemandPeriod(XmlElement schedule)
    {
        // Every weekday, no special days, from the begin date GBCS gives (year 0, January) with no end.
        static DlmsData Entry(int index, int script, DlmsData time) => EsmeSections6To11Calendars.ScheduleEntry(index,
            Obis.Parse("0-0:10.128.100.255"), script, time, DlmsData.BitString([0xFE], 7), DlmsData.BitString([], 0),
            DlmsData.OctetString([0x00, 0x00, 0x01, 0xFF, 0xFF]), DlmsData.OctetString([0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));
        return new DlmsAccessList().Set(Cosem.Of(Schedule, "0-0:12.0.0.255", 2), DlmsData.Array(
        [
            Entry(0, 1, EsmeDlmsValues.Time(schedule, "StartTime")),
            Entry(1, 2, EsmeDlmsValues.Time(schedule, "EndTime")),
        ]));
    }

    /// <summary>ECS57: resets (method 1) the maximum demand registers named in the body, in GBCS order.</summary>
    private static DlmsAccessList ResetMaximumDemand(XmlElement body)
    {
        var list = new DlmsAccessList();
        foreach (var (element, obis) in new[]
        {
            ("MaxDemandActivePowerImportValue", "1-0:1.6.0.255"),
            ("MaxDemandConfigTimeActivePowerImportValue", "1-0:1.6.1.255"),
            ("MaxDemandActivePowerExportValue", "1-0:2.6.0.255"),
        })
        {
            if (DuisBody.Child(body, element) is not null) list.Action(Cosem.Of(ExtendedRegister, obis, 1), ResetParameter);
        }
        if (list.Count == 0) throw DuisBody.Invalid("sr:ResetMaximumDemandRegisters names no register to reset");
        return list;
    }

    /// <summary>ECS62: sets the boost-button flag of each load whose element is true (index 1-5) to <paramref name="member"/>.</summary>
    private static DlmsAccessList BoostButton(XmlElement body, string element, bool member)
    {
        var list = new DlmsAccessList();
        foreach (var e in body.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == element))
        {
            var index = e.GetAttribute("index");
            if (!int.TryParse(index, out var n) || n < 1 || n > 5) throw DuisBody.Invalid($"sr:{element} index '{index}' is not 1 to 5");
            if (EsmeDlmsValues.Boolean(e.InnerText.Trim(), element))
                list.Set(Ecs45Ecs61ReadSupplyAndAuxiliaryLoadTransforms.BoostButtonLoads[n - 1], DlmsData.Boolean(member));
        }
        if (list.Count == 0) throw DuisBody.Invalid($"sr:{body.LocalName} changes no load");
        return list;
    }
}
