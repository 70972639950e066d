using CommsHub.Dcc.Duis;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// 8.11 Update HAN Device Log, RequestType Add -> CCS01 Add Device to CHF device log (ACB-originated). The device
/// type of the device being added comes from the inventory (the request does not carry it); the install code is
/// sent as given, key type 0 and enable_joining true as in RTDS.
/// </summary>
public sealed class Ccs01AddDeviceTransform() : UseCaseTransform("8.11", "CCS01")
{
    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != "UpdateHANDeviceLog" || DuisBody.Text(body, "RequestType") != "Add") return null;
        var device = DuisBody.Eui(body, "DeviceID");
        var add = DuisBody.Required(body, "AddDeviceToCHFWhitelist");
        var joinTime = DuisBody.Int(add, "JoinTimePeriod");
        var installCode = DuisBody.HexBinary(add, "InstallCode");
        var type = context.DeviceTypeOf(device)
            ?? throw new DuisTransformException(TransformError.MissingContext,
                $"the device type of {RequestId.FormatEui(device)} (the device to add) is not known (not in the inventory)");
        return new UseCasePlan("CCS01", MessageCodes.CCS01, CommandOrigin.AccessControlBroker, false, h => new Ccs01AddDevice
        {
            LongInvokeIdAndPriority = h.InvokeId,
            DeviceId = device,
            DeviceType = (int)type,
            InstallCode = installCode,
            KeyType = 0,
            JoinTimeout = joinTime,
            EnableJoining = true,
        }.Encode());
    }
}
