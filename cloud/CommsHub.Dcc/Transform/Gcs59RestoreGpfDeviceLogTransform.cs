using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// 8.12.2 Restore Gas Proxy Function Device Log -> GCS59 Restore GPF Device Log (0x008C), originated by the ACB in its
/// own right (RTDS: 2-byte other-information, no Supplementary Remote Party). The request names only the old GPF; the
/// devices come from the DCC's copy of that GPF's device log (<see cref="IGpfDeviceLogs"/>). The payload is
/// <c>SEQUENCE { SEQUENCE OF SEQUENCE { deviceId OCTET STRING, deviceType INTEGER } }</c>.
/// </summary>
public sealed class Gcs59RestoreGpfDeviceLogTransform() : UseCaseTransform("8.12.2", "GCS59")
{
    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != "RestoreGPFDeviceLog") return null;
        var oldGpf = DuisBody.Eui(body, "OldGPFID");
        var entries = (context.Inventory as IGpfDeviceLogs)?.GpfDeviceLogOf(oldGpf)
            ?? throw new DuisTransformException(TransformError.MissingContext,
                $"no record of the device log of old GPF {RequestId.FormatEui(oldGpf)} is held, so it cannot be restored");
        return new UseCasePlan("GCS59", 0x008C /* GCS59 */, CommandOrigin.AccessControlBrokerOnly, false, _ => Encode(entries));
    }

    /// <summary>The GPF Device Log Restore command.</summary>
    internal static byte[] Encode(IReadOnlyList<GpfDeviceLogEntry> entries)
    {
        var w = new ByteWriter();
        var d = new DerWriter(w);
        d.BeginSequence();
        d.BeginSequence();
        foreach (var e in entries)
        {
            d.BeginSequence();
            d.WriteEui64(e.Device);
            d.WriteInteger((int)e.Type);
            d.EndSequence();
        }
        d.EndSequence();
        d.EndSequence();
        return w.ToArray();
    }
}
