using System.Globalization;
using System.Xml;
using static CommsHub.Dcc.Transforms.Gsme.GsmeUseCase;

namespace CommsHub.Dcc.Transforms.Gsme;

/// <summary>
/// The critical GSME prepayment commands (ZigBee Prepayment cluster, client to server): payment mode (GCS02/GCS03),
/// debt (GCS04), emergency credit (GCS06) and meter balance adjustments (GCS40a-d).
/// </summary>
internal static class GsmePrepayment
{
    private const byte ChangePaymentMode = 0x06, ChangeDebt = 0x02, SelectAvailableEmergencyCredit = 0x00, CreditAdjustment = 0x05;

    /// <summary>
    /// Payment Control Configuration (ZigBee SE bitmap as GBCS sets it): credit mode 0x0C94; prepayment 0x0097 plus
    /// 0x0400 when debt collection is suspended while disabled and 0x0800 when it continues during emergency credit.
    /// </summary>
    private const int CreditMode = 0x0C94, PrepaymentMode = 0x0097, SuspendDebtWhenDisabled = 0x0400, CollectDebtInEmergency = 0x0800;

    public static IEnumerable<IUseCaseTransform> All =>
    [
        Gbz("1.6", "GCS02", 0x006C, "UpdatePaymentMode", r => [PaymentMode(r, CreditMode, -1)], critical: true,
            when: b => DuisBody.Child(b, "Credit") is not null),
        Gbz("1.6", "GCS03", 0x006D, "UpdatePaymentMode", r =>
        {
            var p = DuisBody.Required(r.Body, "Prepayment");
            var config = PrepaymentMode
                | (GsmeValues.Boolean(p, "SuspendDebtDisabled") ? SuspendDebtWhenDisabled : 0)
                | (GsmeValues.Boolean(p, "SuspendDebtEmergency") ? 0 : CollectDebtInEmergency);
            return [PaymentMode(r, config, SignedInt(p, "DisablementThreshold"))];
        }, critical: true, when: b => DuisBody.Child(b, "Prepayment") is not null),
        Gbz("2.3", "GCS04", 0x006E, "UpdateDebt", Debt, critical: true),
        // Select Available Emergency Credit: command issue time 0 (now), originating device 0 (the ESI).
        Gbz("2.5", "GCS06", 0x0070, "ActivateEmergencyCredit", _ =>
            [GbzCommand.ToServer(ZclCluster.Prepayment, SelectAvailableEmergencyCredit, new ZclWriter().U32(0).U8(0))], critical: true),
        // Credit Adjustment types: 0 prepayment incremental, 1 prepayment absolute (reset = 0), 2 credit-mode absolute, 3 credit-mode incremental.
        MeterBalance("GCS40a", 0x0086, "PrepaymentMode", "AdjustMeterBalance", 0),
        MeterBalance("GCS40b", 0x00B4, "PrepaymentMode", "ResetMeterBalance", 1),
        MeterBalance("GCS40c", 0x00C0, "CreditMode", "AdjustMeterBalance", 3),
        MeterBalance("GCS40d", 0x00C2, "CreditMode", "ResetMeterBalance", 2),
    ];

    /// <summary>Change Payment Mode: provider 0, issuer event id, implementation time (ExecutionDateTime), configuration, cut-off value.</summary>
    private static GbzCommand PaymentMode(GsmeRequest r, int configuration, int cutOff) =>
        GbzCommand.ToServer(ZclCluster.Prepayment, ChangePaymentMode,
            new ZclWriter().U32(0).U32(r.IssuerEventId).U32(GsmeValues.ExecutionTime(r.Body)).U16(configuration).I32(cutOff));

    private static GsmeUseCase MeterBalance(string useCase, int messageCode, string mode, string action, int adjustmentType) =>
        Gbz("1.5", useCase, messageCode, "UpdateMeterBalance", r =>
        {
            var m = DuisBody.Required(r.Body, mode);
            var value = action == "AdjustMeterBalance" ? SignedInt(m, action) : 0;
            return [GbzCommand.ToServer(ZclCluster.Prepayment, CreditAdjustment, new ZclWriter().U32(r.IssuerEventId).U32(0).U8(adjustmentType).I32(value))];
        }, critical: true, when: b => DuisBody.Child(b, mode) is { } m && DuisBody.Child(m, action) is not null);

    /// <summary>
    /// Change Debt for time-based debt 1 and 2 (recovery by rate per hour or day) and payment-based debt (recovery as a
    /// percentage of each payment): issuer event id, empty label, amount, recovery method, amount type (incremental),
    /// recovery start now, collection time 0, frequency, amount, balance percentage.
    /// </summary>
    private static IReadOnlyList<GbzCommand> Debt(GsmeRequest r) =>
    [
        ChangeDebtCommand(r, SignedInt(r.Body, "TimeDebtRegister1"), 0, 1, DuisBody.Required(r.Body, "GasDebtRecovery1"), 0),
        ChangeDebtCommand(r, SignedInt(r.Body, "TimeDebtRegister2"), 0, 3, DuisBody.Required(r.Body, "GasDebtRecovery2"), 0),
        ChangeDebtCommand(r, SignedInt(r.Body, "PaymentDebtRegister"), 1, 5, null, (int)GsmeValues.Integer(r.Body, "DebtRecoveryPerPayment", ushort.MaxValue)),
    ];

    private static GbzCommand ChangeDebtCommand(GsmeRequest r, int amount, int method, int amountType, XmlElement? recovery, int percentage)
    {
        var frequency = recovery is null ? 1 : DuisBody.RequiredText(recovery, "DebtRecoveryRatePeriod") switch
        {
            "HOURLY" => 0,
            "DAILY" => 1,
            var p => throw DuisBody.Invalid($"sr:DebtRecoveryRatePeriod '{p}' is not HOURLY or DAILY"),
        };
        var rate = recovery is null ? 0 : SignedInt(recovery, "DebtRecoveryRate");
        return GbzCommand.ToServer(ZclCluster.Prepayment, ChangeDebt, new ZclWriter().U32(r.IssuerEventId).OctetString("")
            .I32(amount).U8(method).U8(amountType).U32(0).U16(0).U8(frequency).I32(rate).U16(percentage));
    }

    private static int SignedInt(XmlElement parent, string name)
    {
        var text = DuisBody.RequiredText(parent, name);
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v : throw DuisBody.Invalid($"sr:{name} '{text}' is not a 32-bit integer");
    }
}
