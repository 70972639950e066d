using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Transforms.Chf;

/// <summary>
/// The device-type groups GBCS's join methods use, and who originates a join or unjoin. As in RTDS: a critical join or
/// unjoin is the user's (it signs the pre-command), a non-critical one to a meter is the user's too; a non-critical
/// one to a PPMID/HCALCS is the ACB's on the user's behalf (the user as Supplementary Remote Party) and signed by the
/// ACB before its MAC (RTDS's CS03A2/CS03C/CS04AC NonCritical carry a 64-byte ECDSA signature of 90-B3-D5-1F-30-00-00-02).
/// </summary>
internal static class JoinOrigin
{
    /// <summary>True when the (un)join must be signed by the ACB (non-critical, to a PPMID/HCALCS).</summary>
    public static bool NeedsAcbSignature(DeviceType target, bool critical) => !critical && IsType2(target);

    /// <summary>The plan for a join or unjoin to a <paramref name="target"/>, with the origin and signer the rule above gives.</summary>
    public static UseCasePlan Plan(string useCase, int code, DeviceType target, bool critical, Func<CommandHeader, byte[]> content) =>
        NeedsAcbSignature(target, critical)
            ? new UseCasePlan(useCase, code, CommandOrigin.AccessControlBroker, false, content) { SignedByAccessControlBroker = true }
            : new UseCasePlan(useCase, code, CommandOrigin.User, critical, content);

    /// <summary>A PPMID or HCALCS (the devices that join meters by Method A or C).</summary>
    public static bool IsType2(DeviceType type) => type is DeviceType.Ppmid or DeviceType.Hcalcs;

    /// <summary>A GSME paired with a PPMID/HCALCS either way round (Method C).</summary>
    public static bool IsGsmeWithType2(DeviceType a, DeviceType b) =>
        (a == DeviceType.Gsme && IsType2(b)) || (b == DeviceType.Gsme && IsType2(a));
}
