using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;
using CommsHub.Protocol.Asn1;
using CommsHub.Firmware.Host.Simulation.Cosem;

namespace CommsHub.Firmware.Host.Simulation;

/// <summary>
/// A virtual electricity meter (ESME, always awake). Answers ECS52 (firmware version); every other DLMS
/// ACCESS.request is answered from its COSEM object model (<see cref="Model"/>), reads of sensitive data
/// (get_protected_attributes: ECS17b/d/e, ECS19, ECS20b/c, ECS21a/b, ECS22b, ECS66) encrypted as RTDS shows: an
/// AES-GCM payload for the party that reads the response; anything else gets the ECS100 alert.
/// </summary>
public sealed class VirtualEsme : VirtualMeter
{
    /// <summary>Message code of ECS17b Read ESME Energy Registers (Import Energy).</summary>
    public const int Ecs17bMessageCode = 0x0027;

    private const int RegisterClass = 3;
    private const int DataClass = 1;
    private const ulong ActiveImportRegister = 0x0100010800FFUL; // 1-0:1.8.0.255
    private const ulong ReactiveImportRegister = 0x0100030800FFUL; // 1-0:3.8.0.255
    private const ulong ImportRegisterCollection = 0x00005E2C220AUL; // 0-0:94.44.34.10, read by ECS17b
    private const int UnitVarHour = 32;

    private readonly EsmeProfileCapture _capture;

    /// <summary>An ESME with the given identity and keys.</summary>
    public VirtualEsme(ulong eui, byte[] installCode, MeterKeys keys, IGbcsCrypto crypto)
        : base(eui, DeviceType.Esme, installCode, keys, crypto)
    {
        _capture = new EsmeProfileCapture(Model);
        ActiveImportWh = 10;
        ReactiveImportVarh = 10;
        Model.Seed(RegisterClass, ReactiveImportRegister, 3, DlmsData.Structure([DlmsData.Integer(0), DlmsData.Enum(UnitVarHour)]));
        // The import collection is the registers' current values with their scaler-units (GBCS ECS17b).
        Model.Derive(DataClass, ImportRegisterCollection, 2, () => DlmsData.Structure(
        [
            Model.Get(RegisterClass, ActiveImportRegister, 2)!, Model.Get(RegisterClass, ActiveImportRegister, 3)!,
            Model.Get(RegisterClass, ReactiveImportRegister, 2)!, Model.Get(RegisterClass, ReactiveImportRegister, 3)!,
        ]));
    }

    /// <summary>The meter's COSEM state that generic gets, sets and actions work on.</summary>
    public CosemObjectModel Model { get; } = EsmeObjectSeed.New();

    /// <summary>Firmware version ECS52 reports (RTDS: 01 23 AB CD); CS06 activates a held image's version.</summary>
    public byte[] FirmwareVersion
    {
        get => Firmware.RunningVersion;
        set => Firmware.SetRunningVersion(value);
    }

    /// <summary>The meter's firmware: running version, held image, pending future-dated CS06 activation.</summary>
    public FirmwareActivation Firmware { get; } = new([0x01, 0x23, 0xAB, 0xCD]);

    /// <summary>Active import register (1-0:1.8.0.255) in Wh (ECS17b).</summary>
    public uint ActiveImportWh
    {
        get => Model.Get(RegisterClass, ActiveImportRegister, 2)!.UInt32Value;
        set => Model.Seed(RegisterClass, ActiveImportRegister, 2, DlmsData.DoubleLongUnsigned(value));
    }

    /// <summary>Reactive import register (1-0:3.8.0.255) in varh (ECS17b).</summary>
    public uint ReactiveImportVarh
    {
        get => Model.Get(RegisterClass, ReactiveImportRegister, 2)!.UInt32Value;
        set => Model.Seed(RegisterClass, ReactiveImportRegister, 2, DlmsData.DoubleLongUnsigned(value));
    }

    /// <summary>Header date-time of ECS17b responses (12 bytes; null: none). RTDS puts the read time there.</summary>
    public byte[]? RegisterReadDateTime { get; set; }

    /// <inheritdoc />
    protected override byte[]? Execute(GbcsMessage command)
    {
        // A tripped fault runs the command through the generic server, which knows how a failing access is answered.
        if (ActiveFault is { } fault && command.ContentLength > 0 && command.Buffer[command.ContentOffset] == DlmsApdu.AccessRequest)
            return DlmsAccessServer.Answer(Model, AccessRequest.Decode(command.Buffer, command.ContentOffset, command.ContentLength), fault);
        if (command.MessageCode == MessageCodes.ECS52)
        {
            var request = AccessRequest.Decode(command.Buffer, command.ContentOffset, command.ContentLength);
            uint invoke = Ecs52ReadFirmwareVersion.DecodeRequest(request);
            return new Ecs52ReadFirmwareVersion { LongInvokeIdAndPriority = invoke, FirmwareVersion = FirmwareVersion }.Encode();
        }
        // Critical: MeterSecurity has verified the originator's signature; the response is signed by the meter.
        if (command.MessageCode == MessageCodes.CS06)
            return Firmware.Handle(Cs06ActivateFirmwareCommand.Decode(command.Buffer, command.ContentOffset, command.ContentLength), command.Originator);
        if (command.ContentLength == 0 || command.Buffer[command.ContentOffset] != DlmsApdu.AccessRequest) return null;
        var access = AccessRequest.Decode(command.Buffer, command.ContentOffset, command.ContentLength);
        if (access.Specs.Length == 1 && ProtectedAttributeRead.Is(access.Specs[0])) return ReadProtected(command, access);
        return DlmsAccessServer.Answer(Model, access);
    }

    /// <summary>Captures the consumption profiles and runs a due future-dated firmware activation and sends its signed 0x00CA alert (while joined).</summary>
    public override void Tick(DateTime now)
    {
        base.Tick(now);
        _capture.Tick(now);
        if (!IsJoined || Radio is null || Firmware.RunDue(now) is not { } due) return;
        Radio.FromDevice(Eui, Frames.SignedAlert(NextCounter(), due.Recipient, FirmwareActivationAlertCode, due.Payload, null));
    }

    /// <summary>Message code of the future-dated firmware activation alert (CS06).</summary>
    public const int FirmwareActivationAlertCode = 0x00CA;

    /// <inheritdoc />
    protected override byte[]? ResponseDateTime(GbcsMessage command) =>
        command.MessageCode == Ecs17bMessageCode ? RegisterReadDateTime : null;

    // get_protected_attributes: the listed values travel encrypted for the party the response goes to (GBCS.md §3.2
    // KDF inputs from the header), beside protection parameters naming this meter as originator.
    private byte[]? ReadProtected(GbcsMessage command, AccessRequest request)
    {
        var values = ProtectedAttributeRead.Read(Model, request.Data.Length == 1 ? request.Data[0] : DlmsData.Null());
        if (values is null) return null;
        byte[] plain = DlmsDataWriter.ToBytes(values);
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
}
