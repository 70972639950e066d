using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Dcc.Transforms.Chf;

/// <summary>
/// 8.8.1 Unjoin Service (Critical) and 8.8.2 Unjoin Service (Non-Critical) -> CS04AC (Method A or C) or CS04B (Method
/// B) Unjoin Device; the payload is the other device's entity id (<c>OCTET STRING</c>). A GSME or GPF unjoins its
/// Method B partner (anything but a PPMID/HCALCS, including a device the inventory does not know, as RTDS's CS04B);
/// every other pairing is Method A or C. A non-critical unjoin to a PPMID/HCALCS is the ACB's, signed and MAC'd by it
/// (<see cref="JoinOrigin"/>).
/// </summary>
public sealed class Cs04UnjoinTransform : UseCaseTransform
{
    private readonly bool _critical;

    private Cs04UnjoinTransform(string srv, bool critical) : base(srv, "CS04AC", "CS04B")
    {
        _critical = critical;
    }

    /// <summary>8.8.1: a critical unjoin (pre-command for the user to sign).</summary>
    public static Cs04UnjoinTransform Critical() => new("8.8.1", true);

    /// <summary>8.8.2: a non-critical unjoin.</summary>
    public static Cs04UnjoinTransform NonCritical() => new("8.8.2", false);

    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != (_critical ? "UnjoinServiceCritical" : "UnjoinServiceNonCritical")) return null;
        var other = DuisBody.Eui(body, "OtherDeviceID");
        var target = TargetType(request, context);
        var otherType = context.DeviceTypeOf(other);
        var methodB = target is DeviceType.Gsme or DeviceType.Gpf && !(otherType is { } t && JoinOrigin.IsType2(t));
        var (useCase, code) = methodB ? ("CS04B", 0x0010) : ("CS04AC", 0x000F);
        return JoinOrigin.Plan(useCase, code, target, _critical, _ =>
        {
            var w = new ByteWriter();
            new DerWriter(w).WriteEui64(other);
            return w.ToArray();
        });
    }
}
