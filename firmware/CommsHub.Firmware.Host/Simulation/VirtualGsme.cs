using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Firmware.Host.Simulation;

/// <summary>
/// A virtual gas meter (GSME): battery powered, so it sleeps and polls the hub's mailbox (the GPF role) every
/// <see cref="PollInterval"/>, fetching one queued command per tunnel GET. Answers GCS38 (firmware version, a GBZ
/// ZCL read of the Metering cluster's Current Meter Id attribute as RTDS shows it); anything else gets ECS100.
/// </summary>
public sealed class VirtualGsme : VirtualMeter
{
    /// <summary>Message code of GCS38 Read GSME Firmware Version.</summary>
    public const int Gcs38MessageCode = 0x0084;

    private const int GbzProfileId = 0x0109;
    private const int MeteringCluster = 0x0702;
    private const int CurrentMeterIdAttribute = 0x0602;
    private const int ZclReadAttributes = 0x00;
    private const int ZclReadAttributesResponse = 0x01;
    private const int ZclOctetString = 0x41;
    private DateTime _nextPoll = DateTime.MinValue;

    /// <summary>A GSME with the given identity and keys.</summary>
    public VirtualGsme(ulong eui, byte[] installCode, MeterKeys keys, IGbcsCrypto crypto)
        : base(eui, DeviceType.Gsme, installCode, keys, crypto)
    {
    }

    /// <inheritdoc />
    public override bool IsSleepy => true;

    /// <summary>How often the meter wakes and polls (default 5 s: a test rig's pace, not a battery's).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Firmware version GCS38 reports (RTDS: 01 23 AB CD).</summary>
    public byte[] FirmwareVersion { get; set; } = [0x01, 0x23, 0xAB, 0xCD];

    /// <summary>Polls made.</summary>
    public int Polls { get; private set; }

    /// <inheritdoc />
    public override void Tick(DateTime now)
    {
        if (!IsJoined || Radio is null || now < _nextPoll) return;
        _nextPoll = now + PollInterval;
        Polls++;
        Radio.Poll(Eui);
    }

    /// <summary>Polls again at once (the hub said more messages are waiting).</summary>
    internal void PollSoon() => _nextPoll = DateTime.MinValue;

    /// <inheritdoc />
    protected override byte[]? Execute(GbcsMessage command)
    {
        if (command.MessageCode != Gcs38MessageCode) return null;
        // GBZ: profile(2) count(1), component: control(1) cluster(2) length(2) ZCL frame control(1) seq(1) command(1) attribute(2).
        byte[] b = command.Buffer;
        int p = command.ContentOffset;
        if (command.ContentLength != 13 || BigEndian.ReadUInt16(b, p) != GbzProfileId || b[p + 2] != 1
            || BigEndian.ReadUInt16(b, p + 4) != MeteringCluster || b[p + 10] != ZclReadAttributes
            || BigEndian.ReadUInt16(b, p + 11) != CurrentMeterIdAttribute)
            throw new GbcsFormatException(GbcsErrorCode.BadField, p, "GCS38: a GBZ read of Metering/Current Meter Id expected");
        int zclLength = 3 + 2 + 1 + 1 + 1 + FirmwareVersion.Length;
        var r = new byte[3 + 5 + zclLength];
        BigEndian.WriteUInt16(r, 0, GbzProfileId);
        r[2] = 1;
        r[3] = b[p + 3]; // control field as the command's (last component)
        BigEndian.WriteUInt16(r, 4, MeteringCluster);
        BigEndian.WriteUInt16(r, 6, zclLength);
        r[8] = 0x08; // ZCL frame control: server to client, profile-wide
        r[9] = b[p + 9]; // same sequence number
        r[10] = ZclReadAttributesResponse;
        BigEndian.WriteUInt16(r, 11, CurrentMeterIdAttribute);
        r[13] = 0x00; // success
        r[14] = ZclOctetString;
        r[15] = (byte)FirmwareVersion.Length;
        Array.Copy(FirmwareVersion, 0, r, 16, FirmwareVersion.Length);
        return r;
    }
}
