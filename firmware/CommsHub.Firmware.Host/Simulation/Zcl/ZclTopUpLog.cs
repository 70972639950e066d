using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Host.Simulation.Zcl;

/// <summary>One accepted top-up: the UTRN as it arrived (octet string with its length), the credit applied and when.</summary>
/// <param name="Code">Top-up code octet string (length byte first).</param>
/// <param name="Amount">Credit applied (int32, the ConsumerTopUpResponse's top-up value).</param>
/// <param name="Time">ZCL UTCTime of the top-up.</param>
public sealed record ZclTopUp(byte[] Code, int Amount, uint Time);

/// <summary>
/// The GSME's top-up log (SE 1.4 Prepayment, GBCS GCS15e): the last <see cref="Capacity"/> top-ups it accepted
/// (CS01b Consumer Top Up), recorded as they are applied, published newest first by Get Top Up Log.
/// </summary>
public sealed class ZclTopUpLog
{
    /// <summary>Top-ups kept (GBCS: the last five).</summary>
    public const int Capacity = 5;

    private readonly List<ZclTopUp> _entries = [];

    /// <summary>The top-ups held, oldest first.</summary>
    public IReadOnlyList<ZclTopUp> Entries => _entries;

    /// <summary>Records a top-up with code octet string <paramref name="code"/> applied at <paramref name="time"/>.</summary>
    public void Record(byte[] code, int amount, DateTime time)
    {
        _entries.Add(new ZclTopUp((byte[])code.Clone(), amount, ZclEventLog.ToZclTime(time)));
        if (_entries.Count > Capacity) _entries.RemoveAt(0);
    }

    /// <summary>
    /// The Publish Top Up Log payload answering Get Top Up Log <c>b[p..end)</c> (latest end time, number of records;
    /// 0: all): command index, total commands, then (code, amount, time) newest first; null when none is at or before
    /// the latest end time (NOT_FOUND).
    /// </summary>
    /// <exception cref="GbcsFormatException">the request is cut short.</exception>
    public byte[]? Publish(byte[] b, int p, int end)
    {
        var r = new ByteReader(b, p, end - p);
        uint latest = (uint)(r.ReadByte("time") | r.ReadByte("time") << 8 | r.ReadByte("time") << 16 | r.ReadByte("time") << 24);
        int wanted = r.ReadByte("number of records");
        var sent = _entries.Where(e => e.Time <= latest).Reverse().Take(wanted == 0 ? Capacity : wanted).ToList();
        if (sent.Count == 0) return null;
        var w = new ByteWriter(2 + sent.Sum(e => e.Code.Length + 8));
        w.WriteByte(0); // command index
        w.WriteByte(1); // total commands
        foreach (var e in sent)
        {
            w.WriteBytes(e.Code);
            for (int i = 0; i < 4; i++) w.WriteByte((e.Amount >> (8 * i)) & 0xFF);
            for (int i = 0; i < 4; i++) w.WriteByte((int)(e.Time >> (8 * i)) & 0xFF);
        }
        return w.ToArray();
    }
}
