using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Host.Simulation.Zcl;

/// <summary>One logged event: the log it is in, the GBCS event code, when (ZCL UTCTime) and its event data.</summary>
/// <param name="LogId">SE 1.4 log id: 3 General Event Log, 4 Security Event Log.</param>
/// <param name="EventId">GBCS event / alert code (e.g. 0x8154 Command Actioned).</param>
/// <param name="Time">Seconds since 2000-01-01 UTC.</param>
/// <param name="Data">Event data (at most 255 bytes; sent as an octet string).</param>
public sealed record ZclEvent(int LogId, int EventId, uint Time, byte[] Data);

/// <summary>
/// The GSME's event logs (SE 1.4 Events cluster, GBCS CS10a/CS10b): what happened on the meter, recorded as it
/// happens, and the Publish Event Log answer to a Get Event Log. Each log keeps its newest
/// <see cref="Capacity"/> entries (a meter's log is bounded and wraps).
/// </summary>
public sealed class ZclEventLog
{
    /// <summary>SE 1.4 log id of the General Event Log.</summary>
    public const int General = 0x03;

    /// <summary>SE 1.4 log id of the Security Event Log.</summary>
    public const int Security = 0x04;

    /// <summary>Entries kept per log.</summary>
    public const int Capacity = 100;

    // Events in one Publish Event Log: RTDS answers 32 in one command, which fits a GBZ component comfortably.
    private const int MaxPerCommand = 32;
    private static readonly DateTime ZclEpoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly List<ZclEvent> _events = [];

    /// <summary>The entries held, oldest first.</summary>
    public IReadOnlyList<ZclEvent> Events => _events;

    /// <summary>Records event <paramref name="eventId"/> in log <paramref name="logId"/> at <paramref name="time"/> (UTC).</summary>
    /// <exception cref="ArgumentException">the data is longer than an octet string can carry.</exception>
    public void Record(int logId, int eventId, DateTime time, byte[] data)
    {
        if (data.Length > 255) throw new ArgumentException("event data longer than 255 bytes", nameof(data));
        _events.Add(new ZclEvent(logId, eventId, ToZclTime(time), (byte[])data.Clone()));
        int inLog = _events.Count(e => e.LogId == logId);
        if (inLog > Capacity) _events.Remove(_events.First(e => e.LogId == logId));
    }

    /// <summary>
    /// Clears log <paramref name="logId"/> (0: all it may) and returns the SE 1.4 Cleared Event Logs bitmap (bit 1 per
    /// log id). The Security log is never cleared remotely (GBCS: CS11 clears only the General log).
    /// </summary>
    public int Clear(int logId)
    {
        if (logId != 0 && logId != General) return 0;
        _events.RemoveAll(e => e.LogId == General);
        return 1 << General;
    }

    /// <summary>ZCL UTCTime (seconds since 2000-01-01) of <paramref name="time"/>, saturating outside its range.</summary>
    public static uint ToZclTime(DateTime time)
    {
        double s = (time.ToUniversalTime() - ZclEpoch).TotalSeconds;
        return s <= 0 ? 0 : s >= uint.MaxValue ? uint.MaxValue : (uint)s;
    }

    /// <summary>
    /// The Publish Event Log payload answering the Get Event Log payload <c>b[p..end)</c> (event control / log id,
    /// event id, start time, end time, number of events, event offset), or null when no entry matches (the meter then
    /// answers NOT_FOUND). Log id 0 selects all logs, event id 0 all events, number of events 0 as many as fit.
    /// </summary>
    /// <exception cref="GbcsFormatException">the request is cut short.</exception>
    public byte[]? Publish(byte[] b, int p, int end)
    {
        var r = new ByteReader(b, p, end - p);
        int logId = r.ReadByte("Get Event Log log id") & 0x0F;
        int eventId = r.ReadByte("Get Event Log event id") | r.ReadByte("Get Event Log event id") << 8;
        uint start = ReadUInt32(r), stop = ReadUInt32(r);
        int wanted = r.ReadByte("Get Event Log number of events");
        int offset = r.ReadByte("Get Event Log offset") | r.ReadByte("Get Event Log offset") << 8;
        var matching = _events.Where(e => (logId == 0 || e.LogId == logId) && (eventId == 0 || e.EventId == eventId)
            && e.Time >= start && e.Time <= stop).Skip(offset).ToList();
        if (matching.Count == 0) return null;
        int count = Math.Min(wanted == 0 ? MaxPerCommand : wanted, MaxPerCommand);
        var sent = matching.Take(count).ToList();
        var w = new ByteWriter(5 + sent.Sum(e => 8 + e.Data.Length));
        w.WriteByte(sent.Count & 0xFF);
        w.WriteByte(sent.Count >> 8);
        w.WriteByte(0); // command index
        w.WriteByte(1); // total commands
        w.WriteByte(0); // log payload control: no more events follow in other commands
        foreach (var e in sent)
        {
            w.WriteByte(e.LogId);
            w.WriteByte(e.EventId & 0xFF);
            w.WriteByte(e.EventId >> 8);
            WriteUInt32(w, e.Time);
            w.WriteByte(e.Data.Length);
            w.WriteBytes(e.Data);
        }
        return w.ToArray();
    }

    private static uint ReadUInt32(ByteReader r) =>
        (uint)(r.ReadByte("UTCTime") | r.ReadByte("UTCTime") << 8 | r.ReadByte("UTCTime") << 16 | r.ReadByte("UTCTime") << 24);

    private static void WriteUInt32(ByteWriter w, uint v)
    {
        for (int i = 0; i < 4; i++) w.WriteByte((int)(v >> (8 * i)) & 0xFF);
    }
}
