namespace CommsHub.Dcc.Transforms;

/// <summary>
/// Builds the single-component GBZ payloads (ZigBee SE over GBCS, GBCS.md §1.4) that the GSME/GPF use cases here need:
/// profile 0x0109, one component with control 0x01 (last, not encrypted, no from-date-time), cluster, length, ZCL
/// header (frame control, sequence number 0 as in RTDS, command id), ZCL payload.
/// </summary>
internal static class Gbz
{
    /// <summary>ZigBee Metering cluster.</summary>
    public const int MeteringCluster = 0x0702;
    /// <summary>ZigBee Events cluster (GBCS).</summary>
    public const int EventsCluster = 0x0709;

    public static byte[] Command(int cluster, byte frameControl, byte commandId, ReadOnlySpan<byte> payload)
    {
        var zclLength = 3 + payload.Length;
        var b = new byte[8 + zclLength];
        b[0] = 0x01; b[1] = 0x09;       // SE profile
        b[2] = 0x01;                    // one component
        b[3] = 0x01;                    // control: last component
        b[4] = (byte)(cluster >> 8); b[5] = (byte)cluster;
        b[6] = (byte)(zclLength >> 8); b[7] = (byte)zclLength;
        b[8] = frameControl;
        b[9] = 0x00;                    // ZCL sequence number (0 in every RTDS command)
        b[10] = commandId;
        payload.CopyTo(b.AsSpan(11));
        return b;
    }

    /// <summary>ZCL Read Attributes (frame control 0x00 = profile-wide, command 0x00), attribute ids little-endian.</summary>
    public static byte[] ReadAttributes(int cluster, params int[] attributes)
    {
        var p = new byte[attributes.Length * 2];
        for (var i = 0; i < attributes.Length; i++)
        {
            p[2 * i] = (byte)attributes[i];
            p[2 * i + 1] = (byte)(attributes[i] >> 8);
        }
        return Command(cluster, 0x00, 0x00, p);
    }

    /// <summary>ZigBee UTCTime: seconds since 2000-01-01T00:00:00Z.</summary>
    public static uint UtcTime(DateTimeOffset t) => GbcsTime.SecondsSince2000(t);

    public static void WriteUInt32LittleEndian(Span<byte> b, uint v) => System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(b, v);
}

/// <summary>Time conversions shared by the DLMS and ZigBee payloads.</summary>
internal static class GbcsTime
{
    private static readonly DateTimeOffset Epoch2000 = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Seconds since 2000-01-01T00:00:00Z (DLMS range descriptors in RTDS and ZigBee UTCTime).</summary>
    public static uint SecondsSince2000(DateTimeOffset t)
    {
        var s = (long)Math.Floor((t.ToUniversalTime() - Epoch2000).TotalSeconds);
        if (s < 0 || s > uint.MaxValue)
            throw DuisBody.Invalid($"{t:O} is outside the 32-bit range of seconds since 2000-01-01");
        return (uint)s;
    }
}
