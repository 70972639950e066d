using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Transforms.Chf;

/// <summary>
/// The device-type groups GBCS's join methods use, and which joins this adapter can originate. As in RTDS: a critical
/// join or unjoin is the user's (it signs the pre-command), a non-critical one to a meter is the user's too; a
/// non-critical one to a PPMID/HCALCS is the ACB's and signed by the ACB (RTDS's CS03A2/CS03C/CS04AC NonCritical carry a
/// 64-byte ECDSA signature of 90-B3-D5-1F-30-00-00-02), which this adapter does not produce.
/// </summary>
internal static class JoinOrigin
{
    /// <summary>True when the (un)join must be signed by the ACB (non-critical, to a PPMID/HCALCS).</summary>
    public static bool NeedsAcbSignature(DeviceType target, bool critical) => !critical && IsType2(target);

    /// <summary>A PPMID or HCALCS (the devices that join meters by Method A or C).</summary>
    public static bool IsType2(DeviceType type) => type is DeviceType.Ppmid or DeviceType.Hcalcs;

    /// <summary>A GSME paired with a PPMID/HCALCS either way round (Method C).</summary>
    public static bool IsGsmeWithType2(DeviceType a, DeviceType b) =>
        (a == DeviceType.Gsme && IsType2(b)) || (b == DeviceType.Gsme && IsType2(a));
}
