using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Dcc.Transforms;

/// <summary>3.3 Clear Event Log on a GSME -> CS11 Clear ZigBee Device Event Log (GBZ Events cluster Clear Event Log Request, log id 0x03 as RTDS). User-originated.</summary>
public sealed class Cs11ClearEventLogTransform() : UseCaseTransform("3.3", "CS11")
{
    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        if (request.BodyElement.LocalName != "ClearEventLog" || TargetType(request, context) != DeviceType.Gsme) return null;
        return new UseCasePlan("CS11", MessageCodes.CS11, CommandOrigin.User, false,
            _ => Gbz.Command(Gbz.EventsCluster, 0x01, 0x01, new byte[] { 0x03 }));
    }
}
