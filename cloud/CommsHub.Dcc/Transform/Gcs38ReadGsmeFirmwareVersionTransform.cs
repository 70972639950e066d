using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Transforms;

/// <summary>11.2 Read Firmware Version on a GSME -> GCS38 (GBZ Metering cluster Read Attributes 0x0206 Current Meter Id, as RTDS). User-originated.</summary>
public sealed class Gcs38ReadGsmeFirmwareVersionTransform() : UseCaseTransform("11.2", "GCS38")
{
    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        if (request.BodyElement.LocalName != "ReadFirmwareVersion" || TargetType(request, context) != DeviceType.Gsme) return null;
        return new UseCasePlan("GCS38", 0x0084, CommandOrigin.User, false, _ => Gbz.ReadAttributes(Gbz.MeteringCluster, 0x0206));
    }
}
