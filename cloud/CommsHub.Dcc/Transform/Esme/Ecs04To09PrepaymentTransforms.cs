using CommsHub.Protocol.Dlms;
using static CommsHub.Dcc.Transforms.Esme.EsmePrepayment;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// The critical ESME prepayment use cases of DUIS sections 1-2 that are a few COSEM actions and sets filled from the
/// body (pre-commands, CV4). User-originated.
/// </summary>
internal static class Ecs04To09PrepaymentTransforms
{
    private const int ScriptTable = 9;
    private const int Credit = CreditClass;
    private const int Charge = ChargeClass;

    public static IEnumerable<IUseCaseTransform> All() =>
    [
        // 1.5 ECS04a Adjust Meter Balance: Credit 0-0:19.10.0.255 update_amount (method 1) by the signed adjustment.
        Critical("1.5", "UpdateMeterBalance", "ECS04a", 0x001C, r => AdjustOrReset(r) is { } adjust
            ? [(new Cosem(Credit, MeterBalance, 1), DlmsData.DoubleLong(adjust))]
            : null),
        // 1.5 ECS04b Reset Meter Balance: set_amount_to_value (method 2) 0 on the meter balance, emergency credit and
        // accumulated debt credits.
        Critical("1.5", "UpdateMeterBalance", "ECS04b", 0x00B3, r => AdjustOrReset(r) is null
            ? [(new Cosem(Credit, MeterBalance, 2), DlmsData.DoubleLong(0)),
               (new Cosem(Credit, EmergencyCredit, 2), DlmsData.DoubleLong(0)),
               (new Cosem(Credit, AccumulatedDebt, 2), DlmsData.DoubleLong(0))]
            : null),
        // 1.7 ECS05 Reset Tariff Block Counter Matrix: Script Table 0-0:10.0.100.255 execute (method 1) script 99.
        Critical("1.7", "ResetTariffBlockCounterMatrix", "ECS05", 0x001D, _ =>
            [(new Cosem(ScriptTable, 0x00000A0064FF, 1), DlmsData.LongUnsigned(99))]),
        // 2.5 ECS09 Activate Emergency Credit: Credit 0-0:19.10.1.255 invoke_credit (method 3), integer 0.
        Critical("2.5", "ActivateEmergencyCredit", "ECS09", 0x0020, _ =>
            [(new Cosem(Credit, EmergencyCredit, 3), DlmsData.Integer(0))]),
        // 2.3 ECS07 Manage Debt on ESME.
        new EsmeSections1To4UseCase("2.3", "UpdateDebt", "ECS07", 0x001E, UpdateDebt, critical: true),
    ];

    /// <summary>The sr:AdjustMeterBalance amount, or null for sr:ResetMeterBalance (under sr:PrepaymentMode or sr:CreditMode).</summary>
    private static int? AdjustOrReset(EsmeRequest r)
    {
        var mode = DuisBody.Child(r.Body, "PrepaymentMode") ?? DuisBody.Child(r.Body, "CreditMode")
            ?? throw DuisBody.Invalid("sr:UpdateMeterBalance needs sr:PrepaymentMode or sr:CreditMode");
        if (DuisBody.Child(mode, "ResetMeterBalance") is not null) return null;
        return EsmeBody.SignedInt(mode, "AdjustMeterBalance");
    }

    /// <summary>
    /// 2.3 ECS07: the two time-based debt recovery rates' passive unit charge (rate and price scale) and collection
    /// period, the payment-based recovery proportion, activation of both passive unit charges, then the three debt
    /// registers' total amount remaining (update_total_amount_remaining, method 4): payment debt, time debt 1 and 2.
    /// </summary>
    private static Func<CommandHeader, byte[]> UpdateDebt(EsmeRequest r)
    {
        var body = r.Body;
        var rate1 = DuisBody.Child(body, "ElecDebtRecovery1")
            ?? throw DuisBody.Invalid("sr:UpdateDebt on an ESME needs sr:ElecDebtRecovery1 and sr:ElecDebtRecovery2");
        var rate2 = DuisBody.Required(body, "ElecDebtRecovery2");
        var perPayment = DuisBody.Int(body, "DebtRecoveryPerPayment");
        var time1 = EsmeBody.SignedInt(body, "TimeDebtRegister1");
        var time2 = EsmeBody.SignedInt(body, "TimeDebtRegister2");
        var payment = EsmeBody.SignedInt(body, "PaymentDebtRegister");
        (AccessRequestSpec, DlmsData)[] items =
        [
            (EsmeDlms.SetSpec(new(Charge, DebtRecovery1, 6)), UnitCharge(rate1)),
            (EsmeDlms.SetSpec(new(Charge, DebtRecovery2, 6)), UnitCharge(rate2)),
            (EsmeDlms.SetSpec(new(Charge, DebtPerPayment, 13)), DlmsData.LongUnsigned(perPayment)),
            (EsmeDlms.SetSpec(new(Charge, DebtRecovery1, 8)), Period(rate1)),
            (EsmeDlms.SetSpec(new(Charge, DebtRecovery2, 8)), Period(rate2)),
            (EsmeDlms.ActionSpec(new(Charge, DebtRecovery1, 2)), DlmsData.Integer(0)),
            (EsmeDlms.ActionSpec(new(Charge, DebtRecovery2, 2)), DlmsData.Integer(0)),
            (EsmeDlms.ActionSpec(new(Charge, DebtPerPayment, 4)), DlmsData.DoubleLong(payment)),
            (EsmeDlms.ActionSpec(new(Charge, DebtRecovery1, 4)), DlmsData.DoubleLong(time1)),
            (EsmeDlms.ActionSpec(new(Charge, DebtRecovery2, 4)), DlmsData.DoubleLong(time2)),
        ];
        return h => EsmeDlms.Request(h, items.Select(i => i.Item1).ToArray(), items.Select(i => i.Item2).ToArray());
    }

    /// <summary>A debt recovery rate as a Charge unit charge: {scaling {commodity 0, price scale}, no commodity, one price}.</summary>
    private static DlmsData UnitCharge(System.Xml.XmlElement rate) => EsmeDlms.UnitCharge(
        EsmeBody.SignedInt(rate, "DebtRecoveryRatePriceScale"), [DlmsData.Long(EsmeBody.SignedInt(rate, "DebtRecoveryRate"))]);

    /// <summary>The collection period in seconds: HOURLY 3600, DAILY 86400.</summary>
    private static DlmsData Period(System.Xml.XmlElement rate) => DuisBody.RequiredText(rate, "DebtRecoveryRatePeriod") switch
    {
        "HOURLY" => DlmsData.DoubleLongUnsigned(3600),
        "DAILY" => DlmsData.DoubleLongUnsigned(86400),
        var p => throw DuisBody.Invalid($"sr:DebtRecoveryRatePeriod '{p}' is not HOURLY or DAILY"),
    };

    private static EsmeSections1To4UseCase Critical(string srv, string body, string useCase, int code,
        Func<EsmeRequest, (Cosem Method, DlmsData Value)[]?> actions) =>
        new(srv, body, useCase, code, r =>
        {
            var a = actions(r)!;
            return h => EsmeDlms.Request(h, a.Select(x => EsmeDlms.ActionSpec(x.Method)).ToArray(), a.Select(x => x.Value).ToArray());
        }, critical: true, applies: r => actions(r) is not null);
}
