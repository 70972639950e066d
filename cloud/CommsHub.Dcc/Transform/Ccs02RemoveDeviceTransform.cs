using CommsHub.Dcc.Duis;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Dcc.Transforms;

/// <summary>8.11 Update HAN Device Log, RequestType Remove -> CCS02 Remove device from CHF device log (ACB-originated).</summary>
public sealed class Ccs02RemoveDeviceTransform() : UseCaseTransform("8.11", "CCS02")
{
    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != "UpdateHANDeviceLog" || DuisBody.Text(body, "RequestType") != "Remove") return null;
        var device = DuisBody.Eui(body, "DeviceID");
        return new UseCasePlan("CCS02", MessageCodes.CCS02, CommandOrigin.AccessControlBroker, false,
            h => new Ccs02RemoveDevice { LongInvokeIdAndPriority = h.InvokeId, DeviceId = device }.Encode());
    }
}
