using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// 8.9 Read Device Log on a device other than the CHF -> CS07 Read Device Join Details (ASN.1 NULL payload). User-
/// originated, as RTDS's CS07 SUCCESS command (its ERROR command is ACB-originated; the SUCCESS one is the one the
/// DUIS template pairs with, and GBCS lists CS07 as a remote-party SME.C.NC command).
/// </summary>
public sealed class Cs07ReadDeviceJoinDetailsTransform() : UseCaseTransform("8.9", "CS07")
{
    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != "ReadDeviceLog" || DuisBody.Child(body, "ReadSecurityDetails") is not null) return null;
        var type = TargetType(request, context);
        if (type == DeviceType.Chf) return null;
        return new UseCasePlan("CS07", MessageCodes.CS07, CommandOrigin.User, false, _ => Cs07ReadDeviceJoinDetails.EncodeRequest());
    }
}
