using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Host.Simulation.Zcl;

/// <summary>One snapshot: its id, when it was taken (ZCL UTCTime), why (SE 1.4 snapshot cause bits) and the two payloads.</summary>
/// <param name="Id">Snapshot id (0, 1, ... in capture order).</param>
/// <param name="Time">Seconds since 2000-01-01 UTC.</param>
/// <param name="Cause">Snapshot cause bitmap32 (bit 0 General: the daily read).</param>
/// <param name="Metering">Metering snapshot sub-payload, payload type 6 (summation, TOU and block registers).</param>
/// <param name="Prepayment">Prepayment snapshot sub-payload, payload type 0 (debt and credit status).</param>
public sealed record ZclSnapshot(uint Id, uint Time, uint Cause, byte[] Metering, byte[] Prepayment);

/// <summary>
/// The GSME's daily read logs (SE 1.4 Metering and Prepayment snapshots, GBCS GCS16a/GCS16b): once a day, at
/// <see cref="DailyCaptureTime"/> on the meter's clock, it captures its consumption and TOU/block registers and its
/// debt and credit registers with cause General (bit 0), and again for each payment mode change (Change of Mode, the
/// billing data log GCS15b reads), keeping the newest <see cref="Capacity"/>. Get Snapshot and
/// Get Prepay Snapshot are answered from them (Publish Snapshot / Publish Prepay Snapshot), one snapshot per command
/// selected by time window, cause and offset; none: NOT_FOUND (<see cref="ZclLogRetrieval"/>).
/// </summary>
public sealed class ZclSnapshots
{
    /// <summary>Snapshots kept (GBCS daily read logs: 31 days, which GCS16a/b read one command each).</summary>
    public const int Capacity = 31;

    /// <summary>Snapshot cause bit of the daily read (SE 1.4 General).</summary>
    public const uint General = 0x00000001;

    /// <summary>Snapshot cause bit of a payment mode change (SE 1.4 Change of Meter Mode; GCS15b reads these).</summary>
    public const uint ChangeOfMode = 0x00004000;

    private const int Metering = 0x0702, Prepayment = 0x0705;
    private const int MeteringPayloadType = 6, PrepaymentPayloadType = 0;
    private const uint Day = 86400;
    private readonly List<ZclSnapshot> _entries = [];
    private uint _nextId;
    private uint _nextCapture;
    private bool _started;
    private ulong _register;
    private TimeSpan _dailyCaptureTime = TimeSpan.Zero;

    /// <summary>The snapshots held, oldest first.</summary>
    public IReadOnlyList<ZclSnapshot> Entries => _entries;

    /// <summary>Time of day (UTC) of the daily capture (default midnight).</summary>
    /// <exception cref="ArgumentOutOfRangeException">set to a time outside one day.</exception>
    public TimeSpan DailyCaptureTime
    {
        get => _dailyCaptureTime;
        set => _dailyCaptureTime = value >= TimeSpan.Zero && value < TimeSpan.FromDays(1)
            ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "the daily capture time is a time of day");
    }

    /// <summary>
    /// The meter's clock reached <paramref name="now"/> with the consumption register at <paramref name="register"/>:
    /// every daily capture time passed since the previous tick is captured (the first tick only starts the clock).
    /// </summary>
    public void Tick(DateTime now, ZclAttributeStore store, ulong register)
    {
        _register = register;
        uint t = ZclEventLog.ToZclTime(now);
        uint offset = (uint)_dailyCaptureTime.TotalSeconds;
        if (!_started)
        {
            _nextCapture = t < offset ? offset : (t - offset) / Day * Day + offset + Day;
            _started = true;
        }
        // A clock that jumped further than the log holds captures only the days the log keeps.
        if (_nextCapture + (ulong)Day * Capacity < t) _nextCapture += (t - _nextCapture) / Day * Day - Day * (Capacity - 1);
        for (; _nextCapture <= t; _nextCapture += Day) Capture(_nextCapture, General, store);
    }

    /// <summary>
    /// Captures, at <paramref name="time"/> for <paramref name="cause"/>, the registers <paramref name="store"/> holds
    /// and the consumption register of the last <see cref="Tick"/>.
    /// </summary>
    public void Capture(uint time, uint cause, ZclAttributeStore store)
    {
        _entries.Add(new ZclSnapshot(_nextId++, time, cause, MeteringRegisters(store, _register), PrepaymentRegisters(store)));
        if (_entries.Count > Capacity) _entries.RemoveAt(0);
    }

    /// <summary>
    /// The Publish Snapshot (<paramref name="prepayment"/> false) or Publish Prepay Snapshot payload answering Get
    /// (Prepay) Snapshot <c>b[p..end)</c> (earliest start time, latest end time, snapshot offset, snapshot cause): the
    /// offset-th snapshot, oldest first, taken inside the window for one of the causes; null when there is none (NOT_FOUND).
    /// </summary>
    /// <exception cref="GbcsFormatException">the request is cut short.</exception>
    public byte[]? Publish(byte[] b, int p, int end, bool prepayment)
    {
        var r = new ByteReader(b, p, end - p);
        uint earliest = UInt32(r, "earliest start time");
        uint latest = UInt32(r, "latest end time");
        int offset = r.ReadByte("snapshot offset");
        uint cause = UInt32(r, "snapshot cause");
        var found = _entries.Where(s => s.Time >= earliest && s.Time <= latest && (s.Cause & cause) != 0).ToList();
        if (offset >= found.Count) return null;
        var s = found[offset];
        byte[] payload = prepayment ? s.Prepayment : s.Metering;
        var w = new ByteWriter(16 + payload.Length);
        WriteUInt32(w, s.Id);
        WriteUInt32(w, s.Time);
        w.WriteByte(found.Count);
        w.WriteByte(0); // command index
        w.WriteByte(1); // total commands
        WriteUInt32(w, s.Cause);
        w.WriteByte(prepayment ? PrepaymentPayloadType : MeteringPayloadType);
        w.WriteBytes(payload);
        return w.ToArray();
    }

    // Payload type 6: Current Summation Delivered, the TOU tier registers (count, uint48 each), then tiers/blocks in
    // use (high nibble tiers, low nibble blocks: 0x14) and the block registers (uint48 each), as RTDS's GCS16a shows.
    private static byte[] MeteringRegisters(ZclAttributeStore store, ulong register)
    {
        int[] tiers = [0x0100, 0x0102, 0x0104, 0x0106];
        int[] blocks = [0x0700, 0x0701, 0x0702, 0x0703];
        var w = new ByteWriter(8 + 6 * (tiers.Length + blocks.Length));
        for (int i = 0; i < 6; i++) w.WriteByte((int)(register >> (8 * i)) & 0xFF);
        w.WriteByte(tiers.Length);
        foreach (int id in tiers) w.WriteBytes(Value(store, Metering, id, 6));
        w.WriteByte(0x10 | blocks.Length);
        foreach (int id in blocks) w.WriteBytes(Value(store, Metering, id, 6));
        return w.ToArray();
    }

    // Payload type 0: accumulated debt, the two time-based and the payment-based debt registers, emergency credit
    // remaining and credit remaining (the meter balance), 4 bytes each.
    private static byte[] PrepaymentRegisters(ZclAttributeStore store)
    {
        var w = new ByteWriter(24);
        foreach (int id in new[] { 0x0005, 0x0211, 0x0221, 0x0231, 0x0002, 0x0001 }) w.WriteBytes(Value(store, Prepayment, id, 4));
        return w.ToArray();
    }

    // The attribute's value bytes, zero when the meter does not hold it (or holds it in another size).
    private static byte[] Value(ZclAttributeStore store, int cluster, int attribute, int size) =>
        store.Read(cluster, attribute) is { } v && v.Value.Length == size ? v.Value : new byte[size];

    private static uint UInt32(ByteReader r, string what) =>
        (uint)(r.ReadByte(what) | r.ReadByte(what) << 8 | r.ReadByte(what) << 16 | r.ReadByte(what) << 24);

    private static void WriteUInt32(ByteWriter w, uint v)
    {
        for (int i = 0; i < 4; i++) w.WriteByte((int)(v >> (8 * i)) & 0xFF);
    }
}
