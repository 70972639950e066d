using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// 4.1.1 Read Instantaneous Import Registers on a GSME or GPF -> GCS13a Read GSME Consumption Register: GBZ Metering
/// cluster Read Attributes Divisor (0x0302), Multiplier (0x0301), Unit of Measure (0x0300), Current Summation
/// Delivered (0x0000), as RTDS. User-originated; the target is the device named in the request (GPF for reliable reads).
/// </summary>
public sealed class Gcs13aReadGsmeRegistersTransform() : UseCaseTransform("4.1.1", "GCS13a")
{
    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != "ReadInstantaneousImportRegisters" || TargetType(request, context) is not (DeviceType.Gsme or DeviceType.Gpf)) return null;
        if (DuisBody.Child(body, "ExecutionDateTime") is not null)
            throw Unsupported("a DSP future-dated ReadInstantaneousImportRegisters (ExecutionDateTime)");
        return new UseCasePlan("GCS13a", 0x0074, CommandOrigin.User, false,
            _ => Gbz.ReadAttributes(Gbz.MeteringCluster, 0x0302, 0x0301, 0x0300, 0x0000));
    }
}
