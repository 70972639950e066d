using System.Globalization;
using System.Text;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Cli.Inspection;

/// <summary>
/// A GBCS answer's plaintext DLMS access-response as one line: each result, then each data item as a type tree with its
/// integer values (<c>results[Get:Success] data[structure(long-unsigned 5, octet-string[6])]</c>). Null for content
/// that is not a plaintext DLMS access-response (ZCL, ASN.1, or encrypted), which this does not decode.
/// </summary>
internal static class DlmsAnswerTree
{
    // The frames come from a device: bound the nesting rather than trust it.
    private const int MaxDepth = 16;

    /// <summary>The tree of <paramref name="gbcs"/>'s content, or null (see the type's summary).</summary>
    public static string? Describe(byte[] gbcs)
    {
        try
        {
            var m = GbcsFrameParser.Parse(gbcs);
            if (m.ContentLength == 0 || m.Buffer[m.ContentOffset] != DlmsApdu.AccessResponse) return null;
            var r = AccessResponse.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
            var sb = new StringBuilder("DLMS access-response results[");
            sb.AppendJoin(' ', r.Results.Select(s => $"{s.Kind}:{s.Result}"));
            sb.Append("] data[");
            for (int i = 0; i < r.Data.Length; i++)
            {
                if (i > 0) sb.Append(", ");
                Tree(r.Data[i], sb, 0);
            }
            return sb.Append(']').ToString();
        }
        catch (Exception e) when (e is GbcsFormatException or IndexOutOfRangeException or ArgumentException)
        {
            return "cannot decode the DLMS content: " + e.Message;
        }
    }

    private static void Tree(DlmsData d, StringBuilder sb, int depth)
    {
        sb.Append(DlmsData.TypeName(d.Type));
        if (d.Type is DlmsType.Structure or DlmsType.Array)
        {
            if (depth >= MaxDepth) { sb.Append("(...)"); return; }
            sb.Append('(');
            for (int i = 0; i < d.Children.Length; i++)
            {
                if (i > 0) sb.Append(", ");
                Tree(d.Children[i], sb, depth + 1);
            }
            sb.Append(')');
        }
        else if (d.ValueLength is > 0 and <= 8 && d.Type is not (DlmsType.OctetString or DlmsType.VisibleString or DlmsType.BitString))
            sb.Append(' ').Append(d.Value.ToString(CultureInfo.InvariantCulture));
        else if (d.ValueLength > 0) sb.Append('[').Append(d.ValueLength.ToString(CultureInfo.InvariantCulture)).Append(']');
    }
}
