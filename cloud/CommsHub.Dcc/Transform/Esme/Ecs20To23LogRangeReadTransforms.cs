using CommsHub.Protocol.Dlms;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// The ESME log reads of DUIS section 4 that are a get-with-selection of a Profile Generic buffer by the body's
/// sr:ReadLogPeriod (<see cref="EsmeDlms.BufferRange"/>), non-critical.
/// </summary>
internal static class Ecs20To23LogRangeReadTransforms
{
    // 4.10 Read Network Data: per phase, RMS voltage average and its counters, the voltage profile buffer and its capture period.
    private static readonly ulong[] PhaseL1 = [0x20];
    private static readonly ulong[] ThreePhases = [0x20, 0x34, 0x48];

    public static IEnumerable<IUseCaseTransform> All() =>
    [
        // 4.4.4 ECS20a Read ESME Billing Data Log (payment based debt payments): 0-0:98.1.4.255.
        Buffer("4.4.4", "RetrieveBillingDataLogDebtPayments", "ECS20a", 0x002E, 0x0000620104FF),
        // 4.4.5 ECS20d Read ESME Billing Data Log (prepayment credits): 0-0:98.1.5.255.
        Buffer("4.4.5", "RetrieveBillingDataLogPrepaymentCredits", "ECS20d", 0x00C9, 0x0000620105FF),
        // 4.6.2 ECS21c Read Electricity Daily Read Log (export only): 0-0:98.1.10.255. Only an Export Supplier may ask
        // (SrvCatalogue) and it is no GBCS remote party of the ESME, so the DCC (ACB) originates it on the user's behalf
        // (SRP = the user and its counter), as RTDS shows.
        Buffer("4.6.2", "RetrieveExportDailyReadLog", "ECS21c", 0x0035, 0x000062010AFF, CommandOrigin.AccessControlBroker),
        // 4.8.3 ECS22a Read Electricity Half Hour Profile Data (export): 0-0:99.1.1.255.
        Buffer("4.8.3", "ReadExportProfileData", "ECS22a", 0x0036, 0x0000630101FF),
        // 4.8.2 ECS22c Read Electricity Half Hour Profile Data (active and reactive import): 0-0:99.1.2.255.
        Buffer("4.8.2", "ReadReactiveImportProfileData", "ECS22c", 0x0038, 0x0000630102FF),
        // 4.10 ECS23 Read Voltage Operational Data on a single-phase ESME, ECS23b on a polyphase one (phases L1-L3).
        new EsmeSections1To4UseCase("4.10", "ReadNetworkData", "ECS23", 0x0039, r => NetworkData(r, PhaseL1),
            applies: r => r.Variant != EsmeVariant.Polyphase),
        new EsmeSections1To4UseCase("4.10", "ReadNetworkData", "ECS23b", 0x00BC, r => NetworkData(r, ThreePhases),
            applies: r => r.Variant == EsmeVariant.Polyphase),
    ];

    private static EsmeSections1To4UseCase Buffer(string srv, string body, string useCase, int code, ulong profile,
        CommandOrigin origin = CommandOrigin.User) =>
        new(srv, body, useCase, code, r =>
        {
            var period = r.Period;
            return h => EsmeDlms.Request(h, [EsmeDlms.BufferRange(profile, period.Start, period.End)]);
        }, origin);

    /// <summary>Per phase C (1-0:C.x.x.x): C.32.0.4 and C.36.0.4 registers (value, scaler-unit), C.24.0.255 buffer by range and its capture period.</summary>
    private static Func<CommandHeader, byte[]> NetworkData(EsmeRequest r, ulong[] phases)
    {
        var period = r.Period;
        var specs = phases.SelectMany(c => new[]
        {
            EsmeDlms.GetSpec(new(EsmeDlms.RegisterClass, Phase(c, 0x20, 0x04), 2)),
            EsmeDlms.GetSpec(new(EsmeDlms.RegisterClass, Phase(c, 0x20, 0x04), 3)),
            EsmeDlms.GetSpec(new(EsmeDlms.RegisterClass, Phase(c, 0x24, 0x04), 2)),
            EsmeDlms.GetSpec(new(EsmeDlms.RegisterClass, Phase(c, 0x24, 0x04), 3)),
            EsmeDlms.BufferRange(Phase(c, 0x18, 0xFF), period.Start, period.End),
            EsmeDlms.GetSpec(new(EsmeDlms.ProfileGenericClass, Phase(c, 0x18, 0xFF), 4)),
        }).ToArray();
        return h => EsmeDlms.Request(h, specs);
    }

    // 1-0:C.D.0.F as a 48-bit logical name.
    private static ulong Phase(ulong c, ulong d, ulong f) => 0x010000000000UL | (c << 24) | (d << 16) | f;
}
