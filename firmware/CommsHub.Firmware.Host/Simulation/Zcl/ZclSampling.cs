using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Host.Simulation.Zcl;

/// <summary>
/// The GSME's sampled consumption (SE 1.4 Metering sampling, GBCS GCS17 profile data log and GCS18 network data):
/// sample id 0 is the half-hourly consumption profile the meter always captures, ids 1.. the sessions a StartSampling
/// (GCS31) opened or another log the device keeps (<see cref="KeepLog"/>: the GPF's daily consumption log). Samples are taken as the meter's clock runs (<see cref="Tick"/>): at each interval boundary the
/// consumption since the previous sample. A Get Sampled Data is answered from them.
/// </summary>
public sealed class ZclSampling
{
    /// <summary>Sample id of the half-hourly consumption profile.</summary>
    public const int ProfileId = 0;

    /// <summary>Profile samples kept (13 months of half hours, GBCS's profile data log depth).</summary>
    public const int ProfileCapacity = 13 * 31 * 48;

    /// <summary>
    /// Sampling sessions the meter runs at once. A meter has a few slots, not one per request: a session started when
    /// all are taken takes the oldest one's place (its samples are then NOT_FOUND), so no sender can make the meter
    /// keep session after session (up to 65535 samples each, sampled at every tick) without bound.
    /// </summary>
    public const int MaxSessions = 16;

    private const int ProfileInterval = 1800;
    private readonly Dictionary<int, Series> _series = new() { [ProfileId] = new Series(0, ProfileInterval, ProfileCapacity, true) };
    private readonly List<int> _sessions = []; // the ids of the sessions running, oldest first

    // A log (rolling) samples on its interval's boundaries for ever, dropping its oldest; a session from its start time
    // until it holds its maximum.
    private sealed class Series(uint start, int interval, int max, bool rolling)
    {
        public uint Start = start;
        public readonly int Interval = interval;
        public readonly int Max = max;
        public readonly bool Rolling = rolling;
        public uint Next;
        public ulong LastRegister;
        public bool Started;
        public readonly List<(uint Time, uint Value)> Samples = [];
    }

    /// <summary>Opens sampling session <paramref name="sampleId"/> (start 0: at the next tick), as StartSampling asks.</summary>
    public void Start(int sampleId, uint startTime, int interval, int maxSamples)
    {
        if (IsLog(sampleId)) return;
        _sessions.Remove(sampleId); // ids cycle: one reused starts afresh, as the newest
        if (_sessions.Count >= MaxSessions)
        {
            _series.Remove(_sessions[0]);
            _sessions.RemoveAt(0);
        }
        _series[sampleId] = new Series(startTime, Math.Max(1, interval), Math.Max(1, maxSamples), false);
        _sessions.Add(sampleId);
    }

    /// <summary>
    /// Keeps a log under <paramref name="sampleId"/> like the profile: a sample at every boundary of
    /// <paramref name="interval"/> seconds, the newest <paramref name="capacity"/> kept (the GPF's daily consumption log).
    /// </summary>
    public void KeepLog(int sampleId, int interval, int capacity)
    {
        _sessions.Remove(sampleId); // a log is never a session's to give up
        _series[sampleId] = new Series(0, Math.Max(1, interval), Math.Max(1, capacity), true);
    }

    /// <summary>True when <paramref name="sampleId"/> is a log the meter always keeps (no session can take its id).</summary>
    public bool IsLog(int sampleId) => _series.TryGetValue(sampleId, out var s) && s.Rolling;

    /// <summary>Samples taken in series <paramref name="sampleId"/> (none: empty).</summary>
    public IReadOnlyList<(uint Time, uint Value)> Samples(int sampleId) =>
        _series.TryGetValue(sampleId, out var s) ? s.Samples : [];

    /// <summary>The meter's clock reached <paramref name="now"/> with the consumption register at <paramref name="register"/>.</summary>
    public void Tick(DateTime now, ulong register)
    {
        uint t = ZclEventLog.ToZclTime(now);
        foreach (var (id, s) in _series)
        {
            if (!s.Started)
            {
                // A log samples on its interval's boundaries; a session from its start time (0: now).
                s.Next = s.Rolling ? (t / (uint)s.Interval + 1) * (uint)s.Interval : s.Start == 0 ? t : s.Start;
                s.Start = s.Next;
                s.LastRegister = register;
                s.Started = true;
            }
            // A clock that jumped further than the series can hold skips to the samples it keeps.
            long span = (long)s.Interval * s.Max;
            if (s.Next + span < t) s.Next += (uint)((t - s.Next - span) / (uint)s.Interval * (uint)s.Interval);
            while (s.Next <= t && (s.Rolling || s.Samples.Count < s.Max))
            {
                s.Samples.Add((s.Next, (uint)Math.Min(register - s.LastRegister, 0xFFFFFF)));
                s.LastRegister = register;
                s.Next += (uint)s.Interval;
                if (s.Samples.Count > s.Max) s.Samples.RemoveAt(0);
            }
        }
    }

    /// <summary>
    /// The Get Sampled Data Response payload for the request <c>b[p..end)</c> (sample id, earliest sample time, sample
    /// type, number of samples): sample id, start time of the first sample sent, sample type, interval, count and the
    /// uint24 samples; null when the series holds no sample at or after the earliest time (NOT_FOUND).
    /// </summary>
    /// <exception cref="GbcsFormatException">the request is cut short.</exception>
    public byte[]? Get(byte[] b, int p, int end)
    {
        var r = new ByteReader(b, p, end - p);
        int id = r.ReadByte("sample id") | r.ReadByte("sample id") << 8;
        uint earliest = (uint)(r.ReadByte("time") | r.ReadByte("time") << 8 | r.ReadByte("time") << 16 | r.ReadByte("time") << 24);
        int type = r.ReadByte("sample type");
        int wanted = r.ReadByte("number of samples") | r.ReadByte("number of samples") << 8;
        if (!_series.TryGetValue(id, out var s)) return null;
        var sent = s.Samples.Where(x => x.Time >= earliest).Take(wanted).ToList();
        if (sent.Count == 0) return null;
        var w = new ByteWriter(11 + 3 * sent.Count);
        w.WriteByte(id & 0xFF);
        w.WriteByte(id >> 8);
        for (int i = 0; i < 4; i++) w.WriteByte((int)(sent[0].Time >> (8 * i)) & 0xFF);
        w.WriteByte(type);
        // The interval is a uint16 of seconds: a longer one (a daily log) reads 0xFFFF, as RTDS's GCS61 answer shows.
        int interval = Math.Min(s.Interval, 0xFFFF);
        w.WriteByte(interval & 0xFF);
        w.WriteByte(interval >> 8);
        w.WriteByte(sent.Count & 0xFF);
        w.WriteByte(sent.Count >> 8);
        foreach (var (_, v) in sent)
            for (int i = 0; i < 3; i++) w.WriteByte((int)(v >> (8 * i)) & 0xFF);
        return w.ToArray();
    }
}
