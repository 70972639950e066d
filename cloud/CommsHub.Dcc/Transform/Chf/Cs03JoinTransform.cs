using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Dcc.Transforms.Chf;

/// <summary>
/// 8.7.1 Join Service (Critical) and 8.7.2 Join Service (Non-Critical) -> CS03A1/CS03A2/CS03B/CS03C Join Device. The
/// join method follows the two device types (GBCS 8.7): an ESME joining a PPMID/HCALCS is Method A (the meter the
/// initiator, CS03A1; the PPMID/HCALCS the responder, CS03A2), a GSME and a GPF are Method B (CS03B), a GSME with a
/// PPMID/HCALCS is Method C (CS03C). The payload is <c>SEQUENCE { joinMethodAndRole INTEGER, entityId OCTET STRING (the
/// other device), deviceType INTEGER, [Method C: the other device's key agreement certificate] }</c>; the other device's
/// type comes from the inventory and its certificate from the DCC's copies (<see cref="TransformContext.Certificates"/>):
/// the request only names it. A non-critical join to a PPMID/HCALCS is the ACB's, signed and MAC'd by it
/// (<see cref="JoinOrigin"/>).
/// </summary>
public sealed class Cs03JoinTransform : UseCaseTransform
{
    private readonly bool _critical;

    private Cs03JoinTransform(string srv, bool critical) : base(srv, "CS03A1", "CS03A2", "CS03B", "CS03C")
    {
        _critical = critical;
    }

    /// <summary>8.7.1: a critical join (pre-command for the user to sign).</summary>
    public static Cs03JoinTransform Critical() => new("8.7.1", true);

    /// <summary>8.7.2: a non-critical join.</summary>
    public static Cs03JoinTransform NonCritical() => new("8.7.2", false);

    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != (_critical ? "JoinServiceCritical" : "JoinServiceNonCritical")) return null;
        var other = DuisBody.Eui(body, "OtherDeviceID");
        var target = TargetType(request, context);
        var otherType = context.DeviceTypeOf(other)
            ?? throw new DuisTransformException(TransformError.MissingContext,
                $"the device type of {RequestId.FormatEui(other)} (the device to join) is not known (not in the inventory)");
        var (useCase, code, method) = JoinMethod(target, otherType);
        // Method C hands each device the other's key agreement certificate.
        var certificate = method != MethodC ? null
            : context.Certificates?.CertificateOf(other, Protocol.Crypto.KeyUsage.KeyAgreement)
              ?? throw new DuisTransformException(TransformError.MissingContext,
                  $"no key agreement certificate of {RequestId.FormatEui(other)} is held, which a Method C join (CS03C) carries");
        return JoinOrigin.Plan(useCase, code, target, _critical, _ => Encode(method, other, otherType, certificate));
    }

    private const int MethodC = 3;

    private (string UseCase, int Code, int Method) JoinMethod(DeviceType target, DeviceType other)
    {
        if (target == DeviceType.Esme && JoinOrigin.IsType2(other)) return ("CS03A1", 0x000D, 0); // Method A initiator
        if (JoinOrigin.IsType2(target) && other == DeviceType.Esme) return ("CS03A2", 0x00AB, 1); // Method A responder
        if ((target, other) is (DeviceType.Gsme, DeviceType.Gpf) or (DeviceType.Gpf, DeviceType.Gsme)) return ("CS03B", 0x000E, 2);
        if (JoinOrigin.IsGsmeWithType2(target, other)) return ("CS03C", 0x00AF, MethodC);
        throw Unsupported($"joining a {other} to a {target}");
    }

    /// <summary>The Join Device command: method and role, the other device's entity id and device type.</summary>
    internal static byte[] Encode(int methodAndRole, ulong other, DeviceType otherType, byte[]? certificate = null)
    {
        var w = new ByteWriter();
        var d = new DerWriter(w);
        d.BeginSequence();
        d.WriteInteger(methodAndRole);
        d.WriteEui64(other);
        d.WriteInteger((int)otherType);
        if (certificate is not null) w.WriteBytes(certificate); // already DER: a complete Certificate element
        d.EndSequence();
        return w.ToArray();
    }
}
