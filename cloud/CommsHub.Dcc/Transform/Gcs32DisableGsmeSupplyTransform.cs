using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// 7.2 Disable Supply on a GSME -> GCS32 Remotely Close the Gas Valve (critical, CV4): GBZ Metering cluster Change
/// Supply (command 0x0B): provider id 0, issuer event id = now (ZigBee UTCTime), request and implementation time 0
/// (now), proposed supply status 0 (off), supply control bits 0x01 (acknowledge), as RTDS. User-originated.
/// </summary>
public sealed class Gcs32DisableGsmeSupplyTransform() : UseCaseTransform("7.2", "GCS32")
{
    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        if (request.BodyElement.LocalName != "DisableSupply" || TargetType(request, context) != DeviceType.Gsme) return null;
        var issuerEventId = GbcsTime.SecondsSince2000(context.Now);
        return new UseCasePlan("GCS32", 0x0081, CommandOrigin.User, true, _ =>
        {
            var p = new byte[18];
            Gbz.WriteUInt32LittleEndian(p.AsSpan(4), issuerEventId);
            p[17] = 0x01;
            return Gbz.Command(Gbz.MeteringCluster, 0x01, 0x0B, p);
        });
    }
}
