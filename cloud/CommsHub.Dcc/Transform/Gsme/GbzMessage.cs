namespace CommsHub.Dcc.Transforms.Gsme;

/// <summary>
/// One GBZ component (GBCS.md §1.4): a ZCL command to one cluster. <paramref name="FromDateTime"/> is the optional
/// "from date-time" that GBZ puts before the ZCL header (control bit 0x10) for log reads and deferred settings.
/// </summary>
/// <param name="Cluster">ZigBee cluster id.</param>
/// <param name="FrameControl">ZCL frame control: 0x00 profile-wide (Read Attributes), 0x01 cluster-specific client to
/// server, 0x09 cluster-specific server to client (the Publish commands).</param>
/// <param name="CommandId">ZCL command id.</param>
/// <param name="Payload">ZCL payload.</param>
/// <param name="FromDateTime">GBZ from date-time (UTC seconds since 2000), or null when absent.</param>
internal sealed record GbzCommand(int Cluster, byte FrameControl, byte CommandId, byte[] Payload, uint? FromDateTime = null)
{
    /// <summary>ZCL Read Attributes (profile-wide command 0x00) of <paramref name="attributes"/>, ids little-endian.</summary>
    public static GbzCommand ReadAttributes(int cluster, params int[] attributes)
    {
        var w = new ZclWriter();
        foreach (var a in attributes) w.U16(a);
        return new GbzCommand(cluster, ZclFrame.ProfileWide, 0x00, w.ToArray());
    }

    /// <summary>A cluster-specific command from the client (the DCC side) to the meter's server cluster.</summary>
    public static GbzCommand ToServer(int cluster, byte commandId, ZclWriter payload) =>
        new(cluster, ZclFrame.ClientToServer, commandId, payload.ToArray());

    /// <summary>A cluster-specific command the server cluster side publishes (Price, Calendar, Messaging, Device Management).</summary>
    public static GbzCommand Publish(int cluster, byte commandId, ZclWriter payload) =>
        new(cluster, ZclFrame.ServerToClient, commandId, payload.ToArray());
}

/// <summary>ZCL frame-control values used in GBZ commands.</summary>
internal static class ZclFrame
{
    public const byte ProfileWide = 0x00;
    public const byte ClientToServer = 0x01;
    public const byte ServerToClient = 0x09;
}

/// <summary>ZigBee SE cluster ids (GBCS.md §1.4).</summary>
internal static class ZclCluster
{
    public const int Basic = 0x0000;
    public const int Price = 0x0700;
    public const int Messaging = 0x0703;
    public const int Prepayment = 0x0705;
    public const int Calendar = 0x0707;
    public const int DeviceManagement = 0x0708;
    public const int Metering = 0x0702;
}

/// <summary>
/// Builds a GBZ payload: profile 0x0109, the component count, then each component: control (0x01 on the last, 0x10 when
/// it carries a from date-time), cluster, length, [from date-time, big-endian], ZCL header (frame control, sequence
/// number = the component's index, command id) and ZCL payload.
/// </summary>
internal static class GbzMessage
{
    public static byte[] Build(IReadOnlyList<GbzCommand> commands)
    {
        if (commands.Count is 0 or > 255) throw new ArgumentException("a GBZ payload has 1 to 255 components", nameof(commands));
        var b = new List<byte>(64) { 0x01, 0x09, (byte)commands.Count };
        for (var i = 0; i < commands.Count; i++)
        {
            var c = commands[i];
            var control = (byte)((i == commands.Count - 1 ? 0x01 : 0x00) | (c.FromDateTime is null ? 0x00 : 0x10));
            var length = 3 + c.Payload.Length + (c.FromDateTime is null ? 0 : 4);
            b.Add(control);
            b.Add((byte)(c.Cluster >> 8)); b.Add((byte)c.Cluster);
            b.Add((byte)(length >> 8)); b.Add((byte)length);
            if (c.FromDateTime is { } from)
            {
                b.Add((byte)(from >> 24)); b.Add((byte)(from >> 16)); b.Add((byte)(from >> 8)); b.Add((byte)from);
            }
            b.Add(c.FrameControl);
            b.Add((byte)i);
            b.Add(c.CommandId);
            b.AddRange(c.Payload);
        }
        return b.ToArray();
    }
}
