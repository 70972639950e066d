using static CommsHub.Dcc.Transforms.Esme.CosemClass;
using static CommsHub.Dcc.Transforms.Esme.Ecs26ReadEsmeConfigurationTransforms;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// 7.x reads on the ESME: 7.4 Read Supply Status (ECS45), 7.7 Read ALCS Data (ECS61a), 7.11 Read Boost Button Details
/// (ECS61c, with the boost log restricted to the request's period), 7.14/7.15 Read Auxiliary Controller Configuration /
/// Operational Data (ECS61d, ACB-originated as RTDS shows it; ECS61e).
/// </summary>
internal static class Ecs45Ecs61ReadSupplyAndAuxiliaryLoadTransforms
{
    private static readonly Cosem[] AuxiliaryControllerConfiguration =
    [
        Cosem.Data("0-0:94.44.0.11"), Cosem.Data("0-0:94.44.0.12"), Cosem.Data("0-0:94.44.0.13"),
        Cosem.Data("0-0:94.44.0.14"), Cosem.Data("0-0:94.44.0.15"),
    ];

    private static readonly Cosem[] AuxiliaryControllerCalendar =
    [
        Cosem.Of(SpecialDaysTable, "0-0:11.0.3.255", 2), Cosem.Of(Schedule, "0-0:12.0.2.255", 2),
    ];

    private static readonly Cosem[] AuxiliaryControllerOperational =
    [
        Cosem.Data("0-0:94.44.0.21"), Cosem.Data("0-0:94.44.0.22"), Cosem.Data("0-0:94.44.0.23"),
        Cosem.Data("0-0:94.44.0.24"), Cosem.Data("0-0:94.44.0.25"),
    ];

    /// <summary>The five boost-button membership flags, one per auxiliary load.</summary>
    internal static readonly Cosem[] BoostButtonLoads =
    [
        Cosem.Data("0-0:94.44.6.1"), Cosem.Data("0-0:94.44.6.2"), Cosem.Data("0-0:94.44.6.3"),
        Cosem.Data("0-0:94.44.6.4"), Cosem.Data("0-0:94.44.6.5"),
    ];

    /// <summary>The five ALCS/HCALCS switch states (disconnect control, attribute 2).</summary>
    private static readonly Cosem[] AuxiliaryLoadSwitchStates =
    [
        Cosem.Of(DisconnectControl, "0-1:96.3.10.255", 2), Cosem.Of(DisconnectControl, "0-2:96.3.10.255", 2),
        Cosem.Of(DisconnectControl, "0-3:96.3.10.255", 2), Cosem.Of(DisconnectControl, "0-4:96.3.10.255", 2),
        Cosem.Of(DisconnectControl, "0-5:96.3.10.255", 2),
    ];

    /// <summary>The 7.x read transforms.</summary>
    public static IEnumerable<IUseCaseTransform> All()
    {
        yield return new EsmeDlmsTransform("7.4", "ReadSupplyStatus",
            Read("ECS45", 0x0052, IsEsme, Cosem.Of(DisconnectControl, "0-0:96.3.10.255", 3)));
        yield return new EsmeDlmsTransform("7.7", "ReadALCSData",
            Read("ECS61a", 0x00BB, IsEsme,
                [.. AuxiliaryControllerConfiguration, .. AuxiliaryControllerOperational, .. AuxiliaryControllerCalendar, .. AuxiliaryLoadSwitchStates]));
        yield return new EsmeDlmsTransform("7.11", "ReadBoostButtonDetails",
            new EsmeDlmsCommand("ECS61c", 0x005E, CommandOrigin.User, false, IsEsme, r =>
            {
                var list = new DlmsAccessList()
                    .Get(Cosem.Data("0-0:94.44.7.255"))
                    .GetRange(Cosem.Of(ProfileGeneric, "0-0:99.98.20.255", 2), LogPeriod.From(r.Body));
                foreach (var load in BoostButtonLoads) list.Get(load);
                return list;
            }));
        yield return new EsmeDlmsTransform("7.14", "ReadAuxiliaryControllerConfigurationData",
            ReadByAcb("ECS61d", 0x011C, IsEsme, [.. AuxiliaryControllerConfiguration, .. AuxiliaryControllerCalendar]));
        yield return new EsmeDlmsTransform("7.15", "ReadAuxiliaryControllerOperationalData",
            Read("ECS61e", 0x011D, IsEsme,
                [.. AuxiliaryControllerOperational, Cosem.Data("0-0:94.44.0.31"), Cosem.Data("0-0:94.44.0.32"),
                 Cosem.Data("0-0:94.44.0.33"), Cosem.Data("0-0:94.44.0.34"), Cosem.Data("0-0:94.44.0.35")]));
    }
}
