using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// 4.1.1 Read Instantaneous Import Registers on an ESME -> ECS17b Read ESME Energy Registers (Import Energy),
/// user-originated. The payload is the Data Protection (class 30) action get_protected_attributes on
/// 0-0:43.2.8.255 (Import Register Collection) with the protection parameters RTDS carries: response to be
/// encrypted with the transaction id <c>04 || originator counter</c>, originator = the user, recipient = the ESME.
/// </summary>
public sealed class Ecs17bReadImportRegistersTransform() : UseCaseTransform("4.1.1", "ECS17b")
{
    private const ulong ImportRegisterCollection = 0x00002B0208FFUL;
    private const ulong ProtectionObject = 0x00005E2C220AUL; // 0-0:94.44.34.10

    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != "ReadInstantaneousImportRegisters" || TargetType(request, context) != DeviceType.Esme) return null;
        if (DuisBody.Child(body, "ExecutionDateTime") is not null)
            throw Unsupported("a DSP future-dated ReadInstantaneousImportRegisters (ExecutionDateTime)");
        return new UseCasePlan("ECS17b", 0x0027, CommandOrigin.User, false, Build);
    }

    private static byte[] Build(CommandHeader h) => Esme.EsmeDlms.ProtectedGet(h, ImportRegisterCollection,
        Esme.EsmeDlms.ProtectedObject(Esme.EsmeDlms.DataClass, ProtectionObject, Esme.EsmeDlms.NoSelection()));
}
