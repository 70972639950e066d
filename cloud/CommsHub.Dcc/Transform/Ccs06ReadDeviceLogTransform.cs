using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// 8.9 Read Device Log on a CHF without ReadSecurityDetails -> CCS06 Read CHF device log and check HAN
/// communications (0x010F), or CCS05/CCS04 (0x0004, same payload) when <see cref="TransformContext.UseLegacyChfDeviceLogRead"/>.
/// ACB-originated.
/// </summary>
public sealed class Ccs06ReadDeviceLogTransform() : UseCaseTransform("8.9", "CCS06", "CCS05CCS04")
{
    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != "ReadDeviceLog" || DuisBody.Child(body, "ReadSecurityDetails") is not null) return null;
        if (TargetType(request, context) != DeviceType.Chf) return null;
        var legacy = context.UseLegacyChfDeviceLogRead;
        return new UseCasePlan(legacy ? "CCS05CCS04" : "CCS06", legacy ? MessageCodes.CCS05 : MessageCodes.CCS06,
            CommandOrigin.AccessControlBroker, false, h => Ccs06ReadDeviceLog.BuildRequest(h.InvokeId).Encode());
    }
}
