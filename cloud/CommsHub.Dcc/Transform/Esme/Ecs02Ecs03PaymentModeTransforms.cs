using CommsHub.Protocol.Dlms;
using static CommsHub.Dcc.Transforms.Esme.EsmePrepayment;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// 1.6 Update Payment Mode on an ESME (critical, device future-dated): sr:Credit -> ECS02 Set ESME Payment Mode to
/// Credit, sr:Prepayment -> ECS03 Set ESME Payment Mode to Prepayment. Both set the Account (class 111)
/// 0-1:19.0.0.255 mode and status, its credit charge configuration (which credit pays which charge, and when) and
/// its activation time (now, the ExecutionDateTime, or never for DUIS's cancellation); ECS03 also sets the
/// disablement threshold 0-0:94.44.128.22 (passive value and its activation time). User-originated.
/// </summary>
internal static class Ecs02Ecs03PaymentModeTransforms
{
    private const int Account = 111;
    private const ulong PaymentAccount = 0x0001130000FF;
    private const ulong DisablementThreshold = 0x00005E2C8016;

    // collection_configuration bit-string(3): collect when disconnected, in load limiting, in friendly credit.
    private const byte CollectAlways = 0xE0;
    private const byte CollectNotInFriendlyCredit = 0xC0;

    public static IEnumerable<IUseCaseTransform> All() =>
    [
        new EsmeSections1To4UseCase("1.6", "UpdatePaymentMode", "ECS02", 0x001A, Credit, critical: true, deviceFutureDated: true,
            applies: r => DuisBody.Child(r.Body, "Credit") is not null),
        new EsmeSections1To4UseCase("1.6", "UpdatePaymentMode", "ECS03", 0x001B, Prepayment, critical: true, deviceFutureDated: true,
            applies: r => DuisBody.Child(r.Body, "Prepayment") is not null),
    ];

    /// <summary>ECS02: credit mode; the meter balance pays the TOU/block charge and the standing charge (and the secondary element's charge on a twin element ESME).</summary>
    private static Func<CommandHeader, byte[]> Credit(EsmeRequest r)
    {
        var activation = EsmeDlms.ActivationTime(r.ExecutionDateTime);
        List<DlmsData> charges = [Pays(MeterBalance, TouBlockCharge), Pays(MeterBalance, StandingCharge)];
        if (r.Variant == EsmeVariant.TwinElement) charges.Add(Pays(MeterBalance, SecondaryTouCharge));
        AccessRequestSpec[] specs =
        [
            EsmeDlms.SetSpec(new(Account, PaymentAccount, 2)),
            EsmeDlms.SetSpec(new(Account, PaymentAccount, 11)),
            EsmeDlms.SetSpec(new(Account, PaymentAccount, 13)),
        ];
        DlmsData[] data = [ModeAndStatus(1), DlmsData.Array(charges.ToArray()), activation];
        return h => EsmeDlms.Request(h, specs, data);
    }

    /// <summary>
    /// ECS03: prepayment mode. The meter balance and then emergency credit pay every charge; with
    /// SuspendDebtDisabled the time-based debt recovery charges are not collected in friendly credit periods; with
    /// SuspendDebtEmergency the accumulated debt register takes the standing charge and time-based debts; a twin
    /// element ESME adds its secondary charge. (The rule is read from RTDS's three ECS03 commands, which cover the
    /// three combinations of the flags that occur there.)
    /// </summary>
    private static Func<CommandHeader, byte[]> Prepayment(EsmeRequest r)
    {
        var p = DuisBody.Required(r.Body, "Prepayment");
        var suspendDisabled = EsmeBody.Boolean(p, "SuspendDebtDisabled");
        var suspendEmergency = EsmeBody.Boolean(p, "SuspendDebtEmergency");
        var threshold = EsmeBody.SignedInt(p, "DisablementThreshold");
        var activation = EsmeDlms.ActivationTime(r.ExecutionDateTime);
        var timeDebt = suspendDisabled ? CollectNotInFriendlyCredit : CollectAlways;
        List<DlmsData> charges = [];
        foreach (var credit in new[] { MeterBalance, EmergencyCredit })
        {
            // GBCS orders the meter balance's debt-per-payment charge last and emergency credit's first.
            if (credit == EmergencyCredit) charges.Add(Pays(credit, DebtPerPayment));
            charges.Add(Pays(credit, TouBlockCharge));
            charges.Add(Pays(credit, StandingCharge));
            charges.Add(Pays(credit, DebtRecovery1, timeDebt));
            charges.Add(Pays(credit, DebtRecovery2, timeDebt));
            if (credit == MeterBalance) charges.Add(Pays(credit, DebtPerPayment));
        }
        if (suspendEmergency)
        {
            charges.Add(Pays(AccumulatedDebt, StandingCharge));
            charges.Add(Pays(AccumulatedDebt, DebtRecovery1));
            charges.Add(Pays(AccumulatedDebt, DebtRecovery2));
        }
        if (r.Variant == EsmeVariant.TwinElement)
        {
            charges.Add(Pays(MeterBalance, SecondaryTouCharge));
            charges.Add(Pays(EmergencyCredit, SecondaryTouCharge));
        }
        AccessRequestSpec[] specs =
        [
            EsmeDlms.SetSpec(new(Account, PaymentAccount, 2)),
            EsmeDlms.SetSpec(new(EsmeDlms.GbcsExtendedDataClass, DisablementThreshold, 4)),
            EsmeDlms.SetSpec(new(Account, PaymentAccount, 11)),
            EsmeDlms.SetSpec(new(EsmeDlms.GbcsExtendedDataClass, DisablementThreshold, 6)),
            EsmeDlms.SetSpec(new(Account, PaymentAccount, 13)),
        ];
        DlmsData[] data = [ModeAndStatus(2), DlmsData.DoubleLong(threshold), DlmsData.Array(charges.ToArray()), activation, activation];
        return h => EsmeDlms.Request(h, specs, data);
    }

    /// <summary>account_mode_and_status: {payment mode (1 credit, 2 prepayment), account status 1 (new inactive account, active at the activation time)}.</summary>
    private static DlmsData ModeAndStatus(int mode) => DlmsData.Structure([DlmsData.Enum(mode), DlmsData.Enum(1)]);

    /// <summary>One credit_charge_configuration entry: {credit reference, charge reference, collection configuration}.</summary>
    private static DlmsData Pays(ulong credit, ulong charge, byte collection = CollectAlways) => DlmsData.Structure(
    [
        DlmsData.OctetString(Obis.ToBytes(credit)),
        DlmsData.OctetString(Obis.ToBytes(charge)),
        DlmsData.BitString([collection], 3),
    ]);
}
