using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Dcc.Transforms;

/// <summary>8.9 Read Device Log with ReadSecurityDetails on a CHF -> CCS07 Read CHF Device Logs (ACB-originated).</summary>
public sealed class Ccs07ReadDeviceLogsTransform() : UseCaseTransform("8.9", "CCS07")
{
    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != "ReadDeviceLog" || DuisBody.Child(body, "ReadSecurityDetails") is null) return null;
        if (TargetType(request, context) != DeviceType.Chf)
            throw Unsupported("ReadSecurityDetails on a device other than the CHF");
        return new UseCasePlan("CCS07", MessageCodes.CCS07, CommandOrigin.AccessControlBroker, false,
            h => Ccs07ReadDeviceLogs.BuildRequest(h.InvokeId).Encode());
    }
}
