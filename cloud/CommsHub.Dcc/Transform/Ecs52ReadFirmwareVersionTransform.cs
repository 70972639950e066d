using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// 11.2 Read Firmware Version on an ESME or the CHF -> ECS52 (get 0-0:0.2.1.255 attribute 2). User-originated on an
/// ESME (RTDS); ACB-originated on the CHF, which takes commands only from the ACB (as every CHF command in RTDS).
/// </summary>
public sealed class Ecs52ReadFirmwareVersionTransform() : UseCaseTransform("11.2", "ECS52")
{
    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        if (request.BodyElement.LocalName != "ReadFirmwareVersion") return null;
        var type = TargetType(request, context);
        if (type is not (DeviceType.Esme or DeviceType.Chf)) return null;
        return new UseCasePlan("ECS52", MessageCodes.ECS52,
            type == DeviceType.Chf ? CommandOrigin.AccessControlBroker : CommandOrigin.User, false,
            h => Ecs52ReadFirmwareVersion.BuildRequest(h.InvokeId).Encode());
    }
}
