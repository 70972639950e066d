using CommsHub.Protocol.Dlms;

namespace CommsHub.Firmware.Host.Simulation.Cosem;

/// <summary>
/// Selective access by range on a profile buffer as GBCS reads logs and profiles: access parameters
/// <c>{from date-time, to date-time}</c> (12-byte COSEM date-times) keep the rows whose capture time (the first
/// column, double-long-unsigned UTC seconds since 2000) lies within them. The row type is kept, so an empty answer
/// still describes its columns. A bound outside the rows' time base (before 2000, or past 2136 where the 32-bit count
/// ends) is a date-time a user may send like any other: it keeps the rows on its side, all or none of them.
/// </summary>
public static class ProfileRange
{
    private static readonly DateTime Epoch2000 = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The rows of <paramref name="buffer"/> inside the range; any other value is returned unchanged.</summary>
    /// <exception cref="CommsHub.Protocol.Encoding.GbcsFormatException">a bound is a fully specified but impossible date-time.</exception>
    public static DlmsData Select(DlmsData buffer, DlmsData range)
    {
        if (buffer.Type is not (DlmsType.CompactArray or DlmsType.Array) || range.Type != DlmsType.Structure || range.Children.Length != 2)
            return buffer;
        var from = Bound(range.Children[0], long.MinValue);
        var to = Bound(range.Children[1], long.MaxValue);
        var rows = buffer.Children.Where(r => r.Children.Length > 0 && r.Children[0].UInt32Value >= from && r.Children[0].UInt32Value <= to).ToArray();
        return buffer.Type == DlmsType.CompactArray ? DlmsData.CompactArray(buffer.TypeDescription, rows) : DlmsData.Array(rows);
    }

    // Whole seconds since 2000 (rounded down, so a bound before 2000 is negative), signed and 64-bit: any date-time a
    // DateTime holds compares with every row. A bound with wildcards (not fully specified) leaves that end open.
    private static long Bound(DlmsData d, long open)
    {
        if (d.Type != DlmsType.OctetString || d.ValueLength != DlmsDateTime.Length) return open;
        var t = DlmsDateTime.Decode(d.Buffer, d.ValueOffset);
        if (!t.IsFullySpecified) return open;
        var ticks = (t.ToUtc() - Epoch2000).Ticks;
        return ticks / TimeSpan.TicksPerSecond - (ticks % TimeSpan.TicksPerSecond < 0 ? 1 : 0);
    }
}
