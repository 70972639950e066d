using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;
using CommsHub.Protocol.Asn1;
using CommsHub.Firmware.Host.Simulation.Cosem;

namespace CommsHub.Firmware.Host.Simulation;

/// <summary>
/// A virtual electricity meter (ESME, always awake). Answers ECS52 (firmware version) and ECS17b (import registers,
/// encrypted as RTDS shows: DLMS get-protected-attributes with an AES-GCM payload for the recipient); any other DLMS
/// ACCESS.request is answered from its COSEM object model (<see cref="Model"/>); anything else gets the ECS100 alert.
/// </summary>
public sealed class VirtualEsme : VirtualMeter
{
    /// <summary>Message code of ECS17b Read ESME Energy Registers (Import Energy).</summary>
    public const int Ecs17bMessageCode = 0x0027;

    private const int DataProtectionClass = 30;
    private const ulong ImportRegisterCollection = 0x00002B0208FFUL; // 0-0:43.2.8.255
    private const int UnitWattHour = 30;
    private const int UnitVarHour = 32;

    /// <summary>An ESME with the given identity and keys.</summary>
    public VirtualEsme(ulong eui, byte[] installCode, MeterKeys keys, IGbcsCrypto crypto)
        : base(eui, DeviceType.Esme, installCode, keys, crypto)
    {
    }

    /// <summary>The meter's COSEM state that generic gets, sets and actions work on.</summary>
    public CosemObjectModel Model { get; } = EsmeObjectSeed.New();

    /// <summary>Firmware version ECS52 reports (RTDS: 01 23 AB CD).</summary>
    public byte[] FirmwareVersion { get; set; } = [0x01, 0x23, 0xAB, 0xCD];

    /// <summary>Active import register in Wh (ECS17b).</summary>
    public uint ActiveImportWh { get; set; } = 10;

    /// <summary>Reactive import register in varh (ECS17b).</summary>
    public uint ReactiveImportVarh { get; set; } = 10;

    /// <summary>Header date-time of ECS17b responses (12 bytes; null: none). RTDS puts the read time there.</summary>
    public byte[]? RegisterReadDateTime { get; set; }

    /// <inheritdoc />
    protected override byte[]? Execute(GbcsMessage command)
    {
        // A tripped fault runs the command through the generic server, which knows how a failing access is answered.
        if (ActiveFault is { } fault && command.ContentLength > 0 && command.Buffer[command.ContentOffset] == DlmsApdu.AccessRequest)
            return DlmsAccessServer.Answer(Model, AccessRequest.Decode(command.Buffer, command.ContentOffset, command.ContentLength), fault);
        switch (command.MessageCode)
        {
            case MessageCodes.ECS52:
                {
                    var request = AccessRequest.Decode(command.Buffer, command.ContentOffset, command.ContentLength);
                    uint invoke = Ecs52ReadFirmwareVersion.DecodeRequest(request);
                    return new Ecs52ReadFirmwareVersion { LongInvokeIdAndPriority = invoke, FirmwareVersion = FirmwareVersion }.Encode();
                }
            case Ecs17bMessageCode:
                return ReadImportRegisters(command);
            default:
                if (command.ContentLength == 0 || command.Buffer[command.ContentOffset] != DlmsApdu.AccessRequest) return null;
                return DlmsAccessServer.Answer(Model, AccessRequest.Decode(command.Buffer, command.ContentOffset, command.ContentLength));
        }
    }

    /// <inheritdoc />
    protected override byte[]? ResponseDateTime(GbcsMessage command) =>
        command.MessageCode == Ecs17bMessageCode ? RegisterReadDateTime : null;

    private byte[]? ReadImportRegisters(GbcsMessage command)
    {
        var request = AccessRequest.Decode(command.Buffer, command.ContentOffset, command.ContentLength);
        request.ExpectCount(1, "ECS17b");
        request.ExpectSpec(0, AccessKind.Action, DataProtectionClass, ImportRegisterCollection, 1, "ECS17b");
        // The registers travel encrypted for the party the response goes to (GBCS.md §3.2 KDF inputs from the header).
        byte[] plain = DlmsDataWriter.ToBytes(DlmsData.Structure([DlmsData.Structure(
        [
            DlmsData.DoubleLongUnsigned(ActiveImportWh), ScalerUnit(UnitWattHour),
            DlmsData.DoubleLongUnsigned(ReactiveImportVarh), ScalerUnit(UnitVarHour),
        ])]));
        if (EncryptForResponse(command, plain) is not { } protectedBytes) return null;
        ulong counter = GbcsPayloadCipher.KeyCounter(command);
        ulong recipient = ResponseRecipient(command);
        var transactionId = new byte[9];
        transactionId[0] = 0x04; // as RTDS: transaction type 04, then the counter
        CommsHub.Protocol.Encoding.BigEndian.WriteUInt64(transactionId, 1, counter);
        var parameters = DlmsData.Array([DlmsData.Structure(
        [
            DlmsData.Enum(ProtectionParameters.AuthenticationAndEncryption),
            DlmsData.Structure(
            [
                DlmsData.OctetString(transactionId), DlmsData.OctetString(Eui), DlmsData.OctetString(recipient),
                DlmsData.OctetString([]),
                DlmsData.Structure([DlmsData.Enum(ProtectionParameters.AgreedKey), DlmsData.Structure([DlmsData.OctetString([0x02]), DlmsData.OctetString([])])]),
            ]),
        ])]);
        var body = DlmsData.Structure([parameters, DlmsData.OctetString(protectedBytes)]);
        return new AccessResponse(request.LongInvokeIdAndPriority, [body], [new AccessResponseSpec(AccessKind.Action, 0)]).Encode();
    }

    private static DlmsData ScalerUnit(int unit) => DlmsData.Structure([DlmsData.Integer(0), DlmsData.Enum(unit)]);
}
