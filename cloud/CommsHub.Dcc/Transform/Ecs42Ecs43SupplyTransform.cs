using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// 7.1 Enable Supply -> ECS42 Remotely Close the Load Switch on the ESME, 7.2 Disable Supply -> ECS43 Remotely Open
/// the Load Switch (critical, CV4): Script Table (class 9) 0-0:10.0.106.255 execute (method 1) with script 0x33
/// (close) / 0x34 (open), as RTDS. User-originated.
/// </summary>
public sealed class Ecs42Ecs43SupplyTransform : UseCaseTransform
{
    private const int ScriptTableClass = 9;
    private const ulong DisconnectScriptTable = 0x00000A006AFFUL;
    private readonly string _body;
    private readonly string _useCase;
    private readonly int _code;
    private readonly int _script;

    private Ecs42Ecs43SupplyTransform(string srv, string body, string useCase, int code, int script) : base(srv, useCase)
    {
        _body = body;
        _useCase = useCase;
        _code = code;
        _script = script;
    }

    /// <summary>7.1 EnableSupply -> ECS42.</summary>
    public static Ecs42Ecs43SupplyTransform EnableSupply() => new("7.1", "EnableSupply", "ECS42", 0x004F, 0x33);

    /// <summary>7.2 DisableSupply -> ECS43.</summary>
    public static Ecs42Ecs43SupplyTransform DisableSupply() => new("7.2", "DisableSupply", "ECS43", 0x0050, 0x34);

    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        if (request.BodyElement.LocalName != _body || TargetType(request, context) != DeviceType.Esme) return null;
        return new UseCasePlan(_useCase, _code, CommandOrigin.User, true, h => new AccessRequest(h.InvokeId,
            new[] { new AccessRequestSpec(AccessKind.Action, ScriptTableClass, DisconnectScriptTable, 1) },
            new[] { DlmsData.LongUnsigned(_script) }).Encode());
    }
}
