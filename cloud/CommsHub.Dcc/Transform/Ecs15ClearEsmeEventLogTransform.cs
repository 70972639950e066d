using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// 3.3 Clear Event Log on an ESME -> ECS15a Clear ESME Event Log (ESMEEventLogType ESME, 0-0:99.98.0.255) or ECS15c
/// Clear ALCS Event Log (ALCS, 0-17:99.98.2.255): Profile Generic reset (method 1, integer 0). User-originated.
/// </summary>
public sealed class Ecs15ClearEsmeEventLogTransform() : UseCaseTransform("3.3", "ECS15a", "ECS15c")
{
    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != "ClearEventLog" || TargetType(request, context) != DeviceType.Esme) return null;
        var log = DuisBody.Text(body, "ESMEEventLogType");
        var (useCase, code, obis) = log switch
        {
            "ESME" => ("ECS15a", 0x0024, Obis.EventLog),
            "ALCS" => ("ECS15c", 0x00C1, 0x0011636202FFUL),
            null => throw DuisBody.Invalid("sr:ClearEventLog on an ESME needs sr:ESMEEventLogType"),
            _ => throw Unsupported($"ESMEEventLogType '{log}'"),
        };
        return new UseCasePlan(useCase, code, CommandOrigin.User, false, h => new AccessRequest(h.InvokeId,
            new[] { new AccessRequestSpec(AccessKind.Action, 7, obis, 1) },
            new[] { DlmsData.Integer(0) }).Encode());
    }
}
