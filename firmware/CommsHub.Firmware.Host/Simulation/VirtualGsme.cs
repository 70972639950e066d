using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Asn1;
using CommsHub.Firmware.Host.Simulation.Zcl;
using CommsHub.Firmware.Core.Logs;

namespace CommsHub.Firmware.Host.Simulation;

/// <summary>
/// A virtual gas meter (GSME): battery powered, so it sleeps and polls the hub's mailbox (the GPF role) every
/// <see cref="PollInterval"/>, fetching one queued command per tunnel GET. Answers GCS38 (firmware version, a GBZ
/// ZCL read of the Metering cluster's Current Meter Id attribute as RTDS shows it), GCS13a (consumption register:
/// a ZCL read of Metering attributes, answered encrypted for the reader as RTDS shows it) and GCS28 Set Time
/// (<see cref="GsmeSetTime"/>); any other plain GBZ command is answered from its ZCL attribute store
/// (<see cref="Attributes"/>), sensitive reads encrypted for the reader; anything else gets ECS100.
/// </summary>
public class VirtualGsme : VirtualMeter
{
    /// <summary>Message code of GCS38 Read GSME Firmware Version.</summary>
    public const int Gcs38MessageCode = 0x0084;

    /// <summary>Message code of GCS13a Read GSME Consumption Register (SRV 4.1.1 on a gas meter).</summary>
    public const int Gcs13aMessageCode = 0x0074;

    private const int MeteringCluster = 0x0702;
    // Metering attribute ids (ZCL SE) GCS13a reads, with the ZCL data types RTDS answers them in.
    private const int CurrentSummationDelivered = 0x0000;
    private const int UnitOfMeasureAttribute = 0x0300;
    private const int MultiplierAttribute = 0x0301;
    private const int DivisorAttribute = 0x0302;
    private const int CurrentMeterIdAttribute = 0x0206;
    private const int ZclUint24 = 0x22;
    private const int ZclUint48 = 0x25;
    private const int ZclEnum8 = 0x30;
    private DateTime _nextPoll = DateTime.MinValue;

    /// <summary>A GSME with the given identity and keys.</summary>
    public VirtualGsme(ulong eui, byte[] installCode, MeterKeys keys, IGbcsCrypto crypto)
        : this(eui, DeviceType.Gsme, installCode, keys, crypto)
    {
    }

    /// <summary>A device of <paramref name="type"/> answering the gas meter's use cases (the GPF, from its mirror).</summary>
    protected VirtualGsme(ulong eui, DeviceType type, byte[] installCode, MeterKeys keys, IGbcsCrypto crypto)
        : base(eui, type, installCode, keys, crypto)
    {
    }

    /// <inheritdoc />
    public override bool IsSleepy => true;

    /// <summary>How often the meter wakes and polls (default 5 s: a test rig's pace, not a battery's).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The meter's ZCL attributes that generic reads and writes work on.</summary>
    public ZclAttributeStore Attributes { get; } = GsmeAttributeSeed.New();

    /// <summary>Firmware version GCS38 reports (RTDS: 01 23 AB CD).</summary>
    public byte[] FirmwareVersion { get; set; } = [0x01, 0x23, 0xAB, 0xCD];

    /// <summary>
    /// Consumption register (Current Summation Delivered, 48 bits) in units of <see cref="UnitOfMeasure"/> scaled by
    /// <see cref="Multiplier"/> / <see cref="Divisor"/> (RTDS: 12345, i.e. 12.345 m3).
    /// </summary>
    public ulong ConsumptionRegister { get; set; } = 12345;

    /// <summary>ZCL Metering unit of measure (RTDS: 1, m3 and ft3 as binary).</summary>
    public byte UnitOfMeasure { get; set; } = 1;

    /// <summary>Multiplier applied to the register (24 bits; RTDS: 1).</summary>
    public uint Multiplier { get; set; } = 1;

    /// <summary>Divisor applied to the register (24 bits; RTDS: 1000).</summary>
    public uint Divisor { get; set; } = 1000;

    /// <summary>Header date-time of GCS13a responses (12 bytes; null: none). RTDS puts the read time there.</summary>
    public byte[]? RegisterReadDateTime { get; set; }

    /// <summary>Polls made.</summary>
    public int Polls { get; private set; }

    /// <inheritdoc />
    public override void Tick(DateTime now)
    {
        RunClock(now);
        if (!IsJoined || Radio is null || now < _nextPoll) return;
        _nextPoll = now + PollInterval;
        Polls++;
        Radio.Poll(Eui);
    }

    /// <summary>
    /// The meter's clock reached <paramref name="now"/>: joined or not, it samples its consumption (GCS17 profile,
    /// GCS31 sessions) and takes its daily reads (GCS16a/b snapshots).
    /// </summary>
    protected void RunClock(DateTime now)
    {
        Attributes.Sampling.Tick(now, ConsumptionRegister);
        Attributes.Snapshots.Tick(now, Attributes, ConsumptionRegister);
    }

    /// <summary>Polls again at once (the hub said more messages are waiting).</summary>
    public void PollSoon() => _nextPoll = DateTime.MinValue;

    /// <inheritdoc />
    protected override byte[]? Execute(GbcsMessage command)
    {
        var answer = Answer(command);
        // GBCS event 0x8154 Command Actioned, its data the use case's message code, in the General Event Log (CS10a).
        if (answer is not null) Attributes.EventLog.Record(ZclEventLog.General, EventCodes.CommandActioned, Clock(),
            [(byte)(command.MessageCode >> 8), (byte)command.MessageCode]);
        return answer;
    }

    /// <inheritdoc />
    protected override void Rejected(MeterRejection why)
    {
        // A command that failed its MAC or signature check: GBCS event 0x8F1E in the Security Event Log (CS10b).
        if (why is MeterRejection.BadMac or MeterRejection.BadSignature)
            Attributes.EventLog.Record(ZclEventLog.Security, EventCodes.CommandIntegrityFailed, Clock(), []);
    }

    private byte[]? Answer(GbcsMessage command)
    {
        // A tripped fault runs the command through the generic server, which knows how a failing component is answered.
        Func<byte[], int, byte[]?>? encrypt = ZclSensitiveAttributes.EncryptsReads(command.MessageCode)
            ? (plain, frameCounter) => EncryptForResponse(command, plain, (uint)frameCounter) : null;
        if (ActiveFault is { } fault && GbzCommandServer.IsGbz(command)) return GbzCommandServer.Answer(Attributes, command, fault, encrypt);
        return command.MessageCode switch
        {
            Gcs38MessageCode => ReadFirmwareVersion(command),
            Gcs13aMessageCode => ReadConsumptionRegister(command),
            GsmeSetTime.MessageCode => SetTime(command),
            _ => GbzCommandServer.Answer(Attributes, command, encrypt),
        };
    }

    /// <summary>The meter's clock (default the host's UTC clock).</summary>
    public Func<DateTime> Clock { get => Attributes.Clock; set => Attributes.Clock = value; }

    /// <summary>True once a GCS28 Set Time found the clock inside its validity interval.</summary>
    public bool ClockReliable { get; private set; }

    private byte[] SetTime(GbcsMessage command)
    {
        var answer = GsmeSetTime.Answer(command, Clock(), out bool reliable);
        ClockReliable = reliable;
        return answer;
    }

    /// <inheritdoc />
    protected override byte[]? ResponseDateTime(GbcsMessage command) =>
        command.MessageCode == Gcs13aMessageCode ? RegisterReadDateTime : null;

    private byte[] ReadFirmwareVersion(GbcsMessage command)
    {
        var read = GbzReadAttributes.Parse(command, MeteringCluster, "GCS38");
        if (read.AttributeIds is not [CurrentMeterIdAttribute])
            throw new GbcsFormatException(GbcsErrorCode.BadField, 0, "GCS38: a GBZ read of Metering/Current Meter Id expected");
        var records = new ByteWriter();
        GbzReadAttributes.WriteOctetString(records, CurrentMeterIdAttribute, FirmwareVersion);
        return read.PlainResponse(records.ToArray());
    }

    // The register is sensitive data: the ZCL records travel encrypted for the reader (GBCS.md §1.5), in the order asked.
    private byte[]? ReadConsumptionRegister(GbcsMessage command)
    {
        var read = GbzReadAttributes.Parse(command, MeteringCluster, "GCS13a");
        var records = new ByteWriter();
        foreach (int id in read.AttributeIds)
        {
            switch (id)
            {
                case DivisorAttribute: GbzReadAttributes.WriteRecord(records, id, ZclUint24, Divisor, 3); break;
                case MultiplierAttribute: GbzReadAttributes.WriteRecord(records, id, ZclUint24, Multiplier, 3); break;
                case UnitOfMeasureAttribute: GbzReadAttributes.WriteRecord(records, id, ZclEnum8, UnitOfMeasure, 1); break;
                case CurrentSummationDelivered: GbzReadAttributes.WriteRecord(records, id, ZclUint48, ConsumptionRegister, 6); break;
                default: GbzReadAttributes.WriteUnsupported(records, id); break;
            }
        }
        return EncryptForResponse(command, records.ToArray()) is { } protectedRecords ? read.EncryptedResponse(protectedRecords) : null;
    }
}
