using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// 11.2 Read Firmware Version on a PPMID or HCALCS -> CS08 Read PPMID/HCALCS Firmware Version (ASN.1 NULL payload),
/// ACB-originated with the user as Supplementary Remote Party (RTDS).
/// </summary>
public sealed class Cs08ReadPpmidFirmwareVersionTransform() : UseCaseTransform("11.2", "CS08")
{
    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        if (request.BodyElement.LocalName != "ReadFirmwareVersion") return null;
        if (TargetType(request, context) is not (DeviceType.Ppmid or DeviceType.Hcalcs)) return null;
        return new UseCasePlan("CS08", 0x0129, CommandOrigin.AccessControlBroker, false, _ => new byte[] { 0x05, 0x00 });
    }
}
