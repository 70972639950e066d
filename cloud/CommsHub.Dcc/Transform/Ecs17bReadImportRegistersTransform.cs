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
    private const int DataProtectionClass = 30;
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

    private static byte[] Build(CommandHeader h)
    {
        var transactionId = new byte[9];
        transactionId[0] = 0x04; // KDF transaction-id type for payload encryption (GBCS.md §3.1)
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(transactionId.AsSpan(1), h.OriginatorCounter);
        var objects = DlmsData.Array(new[]
        {
            DlmsData.Structure(new[]
            {
                DlmsData.LongUnsigned(1),
                DlmsData.OctetString(Obis.ToBytes(ProtectionObject)),
                DlmsData.Integer(2),
                DlmsData.LongUnsigned(0),
                DlmsData.Structure(new[] { DlmsData.Enum(0), DlmsData.Null() }),
            }),
        });
        var protection = DlmsData.Array(new[]
        {
            DlmsData.Structure(new[]
            {
                DlmsData.Enum(2),
                DlmsData.Structure(new[]
                {
                    DlmsData.OctetString(transactionId),
                    DlmsData.OctetString(h.Originator),
                    DlmsData.OctetString(h.Target),
                    DlmsData.OctetString(Array.Empty<byte>()),
                    DlmsData.Structure(new[]
                    {
                        DlmsData.Enum(2),
                        DlmsData.Structure(new[] { DlmsData.OctetString(new byte[] { 0x02 }), DlmsData.OctetString(Array.Empty<byte>()) }),
                    }),
                }),
            }),
        });
        return new AccessRequest(h.InvokeId,
            new[] { new AccessRequestSpec(AccessKind.Action, DataProtectionClass, ImportRegisterCollection, 1) },
            new[] { DlmsData.Structure(new[] { objects, protection }) }).Encode();
    }
}
