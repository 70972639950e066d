using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>One GBCS use case a DUIS request can become, and when.</summary>
/// <param name="UseCase">GBCS use case, e.g. "ECS26b".</param>
/// <param name="MessageCode">GBCS message code.</param>
/// <param name="Origin">Business originator rule (RTDS: the ACB for the CHF and for some ESME commands).</param>
/// <param name="Critical">Critical (CV4 pre-command).</param>
/// <param name="Applies">Whether this use case is the one for the request (device type, variant, body shape, role).</param>
/// <param name="Build">The DLMS access list from the body; runs while planning, so body errors surface at once.</param>
internal sealed record EsmeDlmsCommand(string UseCase, int MessageCode, CommandOrigin Origin, bool Critical,
    Func<EsmeRequest, bool> Applies, Func<EsmeRequest, DlmsAccessList> Build);

/// <summary>
/// A DUIS SRV whose body element maps to one of a few GBCS DLMS use cases on the ESME (or CHF), each a list of COSEM
/// gets, sets and actions filled from the body. The first <see cref="EsmeDlmsCommand"/> that applies wins.
/// </summary>
internal sealed class EsmeDlmsTransform : UseCaseTransform
{
    private readonly string _body;
    private readonly EsmeDlmsCommand[] _commands;

    /// <summary>Creates the transform for <paramref name="srv"/> with body element <paramref name="body"/>.</summary>
    public EsmeDlmsTransform(string srv, string body, params EsmeDlmsCommand[] commands)
        : base(srv, commands.Select(c => c.UseCase).Distinct().ToArray())
    {
        _body = body;
        _commands = commands;
    }

    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        if (request.BodyElement.LocalName != _body) return null;
        var input = new EsmeRequest(request.BodyElement, request, TargetType(request, context), context);
        foreach (var c in _commands)
        {
            if (!c.Applies(input)) continue;
            var access = c.Build(input);
            return new UseCasePlan(c.UseCase, c.MessageCode, c.Origin, c.Critical, h => access.Encode(h.InvokeId));
        }
        return null;
    }
}
