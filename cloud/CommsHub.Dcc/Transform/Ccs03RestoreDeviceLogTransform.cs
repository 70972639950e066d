using CommsHub.Dcc.Duis;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// 8.12.1 Restore HAN Device Log -> CCS03 Restore CHF Device Log (ACB-originated). The request names only the old
/// CHF; the extended PAN id and the devices with their hashed TC link keys come from the DCC's record of that CHF's
/// device log (<see cref="IDeviceInventory.DeviceLogOf"/>).
/// </summary>
public sealed class Ccs03RestoreDeviceLogTransform() : UseCaseTransform("8.12.1", "CCS03")
{
    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != "RestoreHANDeviceLog") return null;
        var oldChf = DuisBody.Eui(body, "OldCHFID");
        var record = context.Inventory.DeviceLogOf(oldChf)
            ?? throw new DuisTransformException(TransformError.MissingContext,
                $"no record of the device log of old CHF {RequestId.FormatEui(oldChf)} is held, so it cannot be restored");
        return new UseCasePlan("CCS03", MessageCodes.CCS03, CommandOrigin.AccessControlBroker, false, h => new Ccs03RestoreDeviceLog
        {
            LongInvokeIdAndPriority = h.InvokeId,
            ExtendedPanId = record.ExtendedPanId,
            Entries = record.Entries.ToArray(),
        }.Encode());
    }
}
