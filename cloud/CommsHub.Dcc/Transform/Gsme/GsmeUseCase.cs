using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Transforms.Gsme;

/// <summary>What a GSME use case's payload is built from: the DUIS body, the adapter's clock and its inventory.</summary>
/// <param name="Body">The sr: body element (e.g. sr:ReadSupplyStatus).</param>
/// <param name="Now">The adapter's clock (issuer event ids, message ids).</param>
/// <param name="Target">The device the command goes to.</param>
/// <param name="Inventory">What the DCC holds about devices (e.g. a GSME's CIN).</param>
internal sealed record GsmeRequest(XmlElement Body, DateTimeOffset Now, ulong Target, IDeviceInventory Inventory)
{
    /// <summary>The issuer event id GBCS puts in ZCL set/publish commands: the current time as ZigBee UTCTime.</summary>
    public uint IssuerEventId => GbcsTime.SecondsSince2000(Now);
}

/// <summary>
/// One GSME/GPF use case as a table entry: the SRV and DUIS body it answers, the GBCS use case and message code, the
/// target device types, whether it is critical and who originates it, and how its payload is built from the body
/// (usually GBZ components, <see cref="Gbz"/>; <see cref="Raw"/> for the ASN.1 ones).
/// </summary>
internal sealed class GsmeUseCase : UseCaseTransform
{
    private readonly int _messageCode;
    private readonly string _bodyName;
    private readonly DeviceType[] _targets;
    private readonly bool _critical;
    private readonly CommandOrigin _origin;
    private readonly Func<XmlElement, bool>? _when;
    private readonly Func<GsmeRequest, byte[]> _build;
    private string[]? _variants;

    private GsmeUseCase(string srv, string useCase, int messageCode, string bodyName, DeviceType[] targets, bool critical,
        CommandOrigin origin, Func<XmlElement, bool>? when, Func<GsmeRequest, byte[]> build) : base(srv, useCase)
    {
        _messageCode = messageCode;
        _bodyName = bodyName;
        _targets = targets;
        _critical = critical;
        _origin = origin;
        _when = when;
        _build = build;
    }

    /// <summary>The GSME alone (most use cases).</summary>
    public static readonly DeviceType[] GsmeOnly = [DeviceType.Gsme];

    /// <summary>The GSME or, for reliable reads, the GPF's copy of it.</summary>
    public static readonly DeviceType[] GsmeOrGpf = [DeviceType.Gsme, DeviceType.Gpf];

    /// <summary>The GPF alone.</summary>
    public static readonly DeviceType[] GpfOnly = [DeviceType.Gpf];

    /// <summary>A use case whose payload is GBZ components.</summary>
    public static GsmeUseCase Gbz(string srv, string useCase, int messageCode, string bodyName, Func<GsmeRequest, IReadOnlyList<GbzCommand>> build,
        DeviceType[]? targets = null, bool critical = false, CommandOrigin origin = CommandOrigin.User, Func<XmlElement, bool>? when = null) =>
        new(srv, useCase, messageCode, bodyName, targets ?? GsmeOnly, critical, origin, when, r => GbzMessage.Build(build(r)));

    /// <summary>A use case whose fixed GBZ components do not depend on the body (reads).</summary>
    public static GsmeUseCase Read(string srv, string useCase, int messageCode, string bodyName, DeviceType[] targets, params GbzCommand[] commands) =>
        Gbz(srv, useCase, messageCode, bodyName, _ => commands, targets);

    /// <summary>A use case whose payload is not GBZ (ASN.1 ones such as GCS28).</summary>
    public static GsmeUseCase Raw(string srv, string useCase, int messageCode, string bodyName, Func<GsmeRequest, byte[]> build,
        bool critical = false, Func<XmlElement, bool>? when = null) =>
        new(srv, useCase, messageCode, bodyName, GsmeOnly, critical, CommandOrigin.User, when, build);

    /// <summary>
    /// This entry is one of <paramref name="variants"/> (GBCS use cases for the same request, oldest first): it applies
    /// when the device's profile picks it (<see cref="DeviceProfile.UseCaseOf"/>: the newest unless the device is older).
    /// </summary>
    public GsmeUseCase VariantOf(params string[] variants)
    {
        _variants = variants;
        return this;
    }

    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != _bodyName || !_targets.Contains(TargetType(request, context))) return null;
        if (_when is not null && !_when(body)) return null;
        if (_variants is not null)
        {
            var chosen = DeviceProfile.Of(context, request.Header.RequestId.Target).UseCaseOf(_variants);
            if (chosen != UseCases[0]) return null;
        }
        var content = _build(new GsmeRequest(body, context.Now, request.Header.RequestId.Target, context.Inventory));
        return new UseCasePlan(UseCases[0], _messageCode, _origin, _critical, _ => content);
    }
}
