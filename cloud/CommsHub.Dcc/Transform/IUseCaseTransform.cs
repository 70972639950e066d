using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// One family of GBCS use cases reachable from one DUIS Service Reference Variant. The registry asks each transform
/// registered for the request's SRV whether it handles the request (by body content and target device type).
/// </summary>
public interface IUseCaseTransform
{
    /// <summary>The DUIS Service Reference Variant, e.g. "8.11".</summary>
    string Srv { get; }

    /// <summary>The GBCS use cases this transform can produce, e.g. "CCS01".</summary>
    IReadOnlyList<string> UseCases { get; }

    /// <summary>The plan for <paramref name="request"/>, or null when the request is not this transform's.</summary>
    /// <exception cref="DuisTransformException">the request is this transform's but cannot be transformed.</exception>
    UseCasePlan? Plan(DuisRequest request, TransformContext context);
}

/// <summary>What a transform decided for a request: the use case, who originates it, and how to build its payload.</summary>
/// <param name="UseCase">GBCS use case name, e.g. "CCS01".</param>
/// <param name="MessageCode">GBCS message code.</param>
/// <param name="Origin">Business Originator rule.</param>
/// <param name="Critical">Critical commands go out as pre-commands for the user to sign (CV4).</param>
/// <param name="BuildContent">The payload, given the GBCS header fields (the invoke id and some payloads use the counter).</param>
public sealed record UseCasePlan(string UseCase, int MessageCode, CommandOrigin Origin, bool Critical, Func<CommandHeader, byte[]> BuildContent)
{
    /// <summary>
    /// Set for an Unknown Remote Party read (<see cref="UnknownRemotePartyRead"/>, ACB-originated): the KA certificate
    /// the request offers. The command carries the user's KA certificate as Supplementary Remote Party certificate: the
    /// one the key store (the DCC's SMKI view) holds for the user, else this one.
    /// </summary>
    public byte[]? UnknownRemotePartyCertificate { get; init; }

    /// <summary>
    /// True when the ACB signs the non-critical command with its DS key before the MAC (RTDS's CS03A2/CS03C/CS04AC
    /// NonCritical to a PPMID/HCALCS carry a 64-byte ECDSA signature of the ACB). Only for ACB-originated, non-critical plans.
    /// </summary>
    public bool SignedByAccessControlBroker { get; init; }
}

/// <summary>The grouping-header fields of a command being built.</summary>
/// <param name="Originator">Business Originator (user or ACB).</param>
/// <param name="OriginatorCounter">Originator counter.</param>
/// <param name="Target">Business Target (the device).</param>
/// <param name="User">The DUIS user (RequestID originator).</param>
/// <param name="UserCounter">The DUIS RequestID counter.</param>
public sealed record CommandHeader(ulong Originator, ulong OriginatorCounter, ulong Target, ulong User, ulong UserCounter)
{
    /// <summary>The DLMS long-invoke-id-and-priority RTDS uses: 0x20 then the originator counter's low 3 bytes.</summary>
    public uint InvokeId => Protocol.Dlms.AccessRequest.InvokeIdFor(OriginatorCounter);
}

/// <summary>Base for transforms: SRV, use-case list and small helpers.</summary>
public abstract class UseCaseTransform : IUseCaseTransform
{
    /// <summary>Creates the base.</summary>
    protected UseCaseTransform(string srv, params string[] useCases)
    {
        Srv = srv;
        UseCases = useCases;
    }

    /// <inheritdoc />
    public string Srv { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> UseCases { get; }

    /// <inheritdoc />
    public abstract UseCasePlan? Plan(DuisRequest request, TransformContext context);

    /// <summary>The target's device type, or a <see cref="TransformError.MissingContext"/> error.</summary>
    protected static Protocol.Asn1.DeviceType TargetType(DuisRequest request, TransformContext context)
    {
        var target = request.Header.RequestId.Target;
        return context.DeviceTypeOf(target)
            ?? throw new DuisTransformException(TransformError.MissingContext,
                $"the device type of target {RequestId.FormatEui(target)} is not known (not in the inventory)");
    }

    /// <summary>An <see cref="TransformError.UnsupportedRequest"/> error for this SRV.</summary>
    protected DuisTransformException Unsupported(string what) =>
        new(TransformError.UnsupportedRequest, $"SRV {Srv}: {what} is not supported (this adapter produces {string.Join(", ", UseCases)} for {Srv})");
}
