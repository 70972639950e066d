using CommsHub.Protocol.Dlms;

namespace CommsHub.Firmware.Host.Simulation.Cosem;

/// <summary>
/// Selective access by range on a profile buffer as GBCS reads logs and profiles: access parameters
/// <c>{from date-time, to date-time}</c> (12-byte COSEM date-times) keep the rows whose capture time (the first
/// column, double-long-unsigned UTC seconds since 2000) lies within them. The row type is kept, so an empty answer
/// still describes its columns.
/// </summary>
public static class ProfileRange
{
    /// <summary>The rows of <paramref name="buffer"/> inside the range; any other value is returned unchanged.</summary>
    public static DlmsData Select(DlmsData buffer, DlmsData range)
    {
        if (buffer.Type is not (DlmsType.CompactArray or DlmsType.Array) || range.Type != DlmsType.Structure || range.Children.Length != 2)
            return buffer;
        var from = Bound(range.Children[0], uint.MinValue);
        var to = Bound(range.Children[1], uint.MaxValue);
        var rows = buffer.Children.Where(r => r.Children.Length > 0 && r.Children[0].UInt32Value >= from && r.Children[0].UInt32Value <= to).ToArray();
        return buffer.Type == DlmsType.CompactArray ? DlmsData.CompactArray(buffer.TypeDescription, rows) : DlmsData.Array(rows);
    }

    // A bound with wildcards (not fully specified) leaves that end open.
    private static uint Bound(DlmsData d, uint open)
    {
        if (d.Type != DlmsType.OctetString || d.ValueLength != DlmsDateTime.Length) return open;
        var t = DlmsDateTime.Decode(d.Buffer, d.ValueOffset);
        return t.IsFullySpecified ? DlmsDateTime.SecondsSince2000(t.ToUtc()) : open;
    }
}
