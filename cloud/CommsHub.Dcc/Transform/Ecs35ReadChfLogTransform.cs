using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// 6.13 Read Event Or Security Log on a CHF -> ECS35c Read CHF Event Log (LogToRead Event) or ECS35d Read CHF
/// Security Log (Security); ACB-originated. Range in UTC seconds since 2000-01-01.
/// </summary>
public sealed class Ecs35ReadChfLogTransform() : UseCaseTransform("6.13", "ECS35c", "ECS35d")
{
    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != "ReadEventOrSecurityLog" || TargetType(request, context) != DeviceType.Chf) return null;
        var log = DuisBody.RequiredText(body, "LogToRead");
        var (useCase, code, obis) = log switch
        {
            "Event" => ("ECS35c", MessageCodes.ECS35c, Obis.EventLog),
            "Security" => ("ECS35d", MessageCodes.ECS35d, Ecs35ReadChfLog.SecurityLog),
            _ => throw Unsupported($"LogToRead '{log}' on the CHF"),
        };
        var period = LogPeriod.From(body);
        return new UseCasePlan(useCase, code, CommandOrigin.AccessControlBroker, false, h => new Ecs35ReadChfLog
        {
            LongInvokeIdAndPriority = h.InvokeId,
            Log = obis,
            From = period.StartSeconds,
            To = period.EndSeconds,
        }.Encode());
    }
}
