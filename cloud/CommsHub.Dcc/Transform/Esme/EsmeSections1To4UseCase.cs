using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>A request to an ESME (or the CHF, for the ESME-style DLMS use cases it takes) as a use-case table entry sees it.</summary>
/// <param name="Body">The sr body element (e.g. sr:ReadNetworkData).</param>
/// <param name="Request">The whole request.</param>
/// <param name="Target">The target's device type.</param>
/// <param name="Context">The adapter's context (inventory, role, clock).</param>
internal sealed record EsmeRequest(XmlElement Body, DuisRequest Request, DeviceType Target, TransformContext Context)
{
    /// <summary>The target device.</summary>
    public ulong TargetEui => Request.Header.RequestId.Target;

    /// <summary>The target's recorded profile, or <see cref="DeviceProfile.Default"/> when the inventory records none.</summary>
    public DeviceProfile Profile => DeviceProfile.Of(Context, TargetEui);

    /// <summary>The ESME's variant (<see cref="Profile"/>).</summary>
    public EsmeVariant Variant => Profile.Variant;

    /// <summary>The user acts as a network operator (ED or GT).</summary>
    public bool ByNetworkOperator => Context.UserRole is Access.UserRole.ElectricityDistributor or Access.UserRole.GasTransporter;

    /// <summary>The sr:ReadLogPeriod of a log read.</summary>
    public LogPeriod Period => LogPeriod.From(Body);

    /// <summary>The sr:ExecutionDateTime, when the request is future-dated (or a cancellation).</summary>
    public DateTimeOffset? ExecutionDateTime =>
        DuisBody.Text(Body, "ExecutionDateTime") is { } text ? DuisBody.ParseDateTime(text, "ExecutionDateTime") : null;
}

/// <summary>
/// One row of the ESME use-case tables of DUIS sections 1-4: the DUIS body element on an ESME that becomes one
/// GBCS use case, with the function that turns the body into the DLMS payload.
/// </summary>
internal sealed class EsmeSections1To4UseCase : UseCaseTransform
{
    private readonly string _body;
    private readonly string _useCase;
    private readonly int _code;
    private readonly Func<EsmeRequest, Func<CommandHeader, byte[]>> _payload;
    private readonly CommandOrigin _origin;
    private readonly bool _critical;
    private readonly bool _deviceFutureDated;
    private readonly Func<EsmeRequest, bool>? _applies;

    /// <summary>Creates a row.</summary>
    /// <param name="srv">DUIS Service Reference Variant.</param>
    /// <param name="body">The sr body element's local name.</param>
    /// <param name="useCase">GBCS use case.</param>
    /// <param name="code">GBCS message code.</param>
    /// <param name="payload">Reads the body (errors surface when planning) and returns the payload builder.</param>
    /// <param name="origin">Business Originator rule (RTDS: the user, except where DCC originates on its behalf).</param>
    /// <param name="critical">Critical use cases go out as pre-commands.</param>
    /// <param name="applies">When several use cases share the SRV and body, which request this one takes.</param>
    /// <param name="deviceFutureDated">
    /// The payload carries the sr:ExecutionDateTime as activation times (GBCS device future-dating); otherwise an
    /// ExecutionDateTime (DSP-scheduled execution) is refused as unsupported.
    /// </param>
    public EsmeSections1To4UseCase(string srv, string body, string useCase, int code, Func<EsmeRequest, Func<CommandHeader, byte[]>> payload,
        CommandOrigin origin = CommandOrigin.User, bool critical = false, Func<EsmeRequest, bool>? applies = null,
        bool deviceFutureDated = false)
        : base(srv, useCase)
    {
        _body = body;
        _useCase = useCase;
        _code = code;
        _payload = payload;
        _origin = origin;
        _critical = critical;
        _deviceFutureDated = deviceFutureDated;
        _applies = applies;
    }

    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != _body || TargetType(request, context) != DeviceType.Esme) return null;
        var r = new EsmeRequest(body, request, DeviceType.Esme, context);
        if (_applies is not null && !_applies(r)) return null;
        if (!_deviceFutureDated && DuisBody.Child(body, "ExecutionDateTime") is not null)
            throw Unsupported($"a DSP-scheduled sr:{_body} (ExecutionDateTime)");
        return new UseCasePlan(_useCase, _code, _origin, _critical, _payload(r));
    }
}
