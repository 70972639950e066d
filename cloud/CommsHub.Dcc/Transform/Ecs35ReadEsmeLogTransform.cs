using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// 6.13 Read Event Or Security Log on an ESME (user-originated), the same get-with-selection as ECS35c/d on the
/// ESME's logs: Event -> ECS35a (0-0:99.98.0.255), Security -> ECS35b (0-0:99.98.1.255), PowerEvent -> ECS35e
/// (0-0:99.98.4.255), ALCSEvent (0-17:99.98.2.255) -> ECS35f for a supplier or ECS35g for a network operator
/// (RTDS: same payload, the network operator's request is ECS35g).
/// </summary>
public sealed class Ecs35ReadEsmeLogTransform() : UseCaseTransform("6.13", "ECS35a", "ECS35b", "ECS35e", "ECS35f", "ECS35g")
{
    private const ulong PowerEventLog = 0x0000636204FFUL;
    private const ulong AlcsEventLog = 0x0011636202FFUL;

    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != "ReadEventOrSecurityLog" || TargetType(request, context) != DeviceType.Esme) return null;
        var log = DuisBody.RequiredText(body, "LogToRead");
        var (useCase, code, obis) = log switch
        {
            "Event" => ("ECS35a", 0x0048, Obis.EventLog),
            "Security" => ("ECS35b", 0x0049, Ecs35ReadChfLog.SecurityLog),
            "PowerEvent" => ("ECS35e", 0x00B9, PowerEventLog),
            "ALCSEvent" => IsNetworkOperator(context) ? ("ECS35g", 0x00FD, AlcsEventLog) : ("ECS35f", 0x00BA, AlcsEventLog),
            _ => throw Unsupported($"LogToRead '{log}' on an ESME"),
        };
        var period = LogPeriod.From(body);
        return new UseCasePlan(useCase, code, CommandOrigin.User, false, h => new Ecs35ReadChfLog
        {
            LongInvokeIdAndPriority = h.InvokeId,
            Log = obis,
            From = period.StartSeconds,
            To = period.EndSeconds,
        }.Encode());
    }

    private static bool IsNetworkOperator(TransformContext context)
    {
        var role = context.UserRole ?? throw new DuisTransformException(TransformError.MissingContext,
            "reading the ALCS event log is ECS35f for a supplier and ECS35g for a network operator: the user's role is needed");
        return role is UserRole.ElectricityDistributor or UserRole.GasTransporter;
    }
}
