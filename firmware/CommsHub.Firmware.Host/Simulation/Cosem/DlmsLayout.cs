using CommsHub.Protocol.Dlms;

namespace CommsHub.Firmware.Host.Simulation.Cosem;

/// <summary>
/// Whether a written value has the layout of the value an attribute holds: the same DLMS type, and for a
/// compact-array (a Profile Generic buffer) the same row description, which the profile's capture objects fix. A
/// meter refuses a buffer whose rows have other columns: its next capture would not fit them.
/// </summary>
public static class DlmsLayout
{
    /// <summary>True when <paramref name="written"/> may replace <paramref name="held"/> without changing its layout.</summary>
    public static bool Same(DlmsData held, DlmsData written) =>
        held.Type == written.Type
        && (held.Type != DlmsType.CompactArray || Same(held.TypeDescription, written.TypeDescription));

    /// <summary>True when both describe the same type tree (structure element count and types, array count and element).</summary>
    public static bool Same(DlmsTypeDescription? a, DlmsTypeDescription? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a.Type != b.Type || a.Children.Length != b.Children.Length || a.ElementCount != b.ElementCount) return false;
        for (int i = 0; i < a.Children.Length; i++)
            if (!Same(a.Children[i], b.Children[i])) return false;
        return Same(a.Element, b.Element);
    }
}
