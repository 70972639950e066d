using System.Text;
using CommsHub.Firmware.Host.Simulation.Zcl;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Host.Tests.Census;

/// <summary>
/// The structure of a GBCS response with its values left out: message code, CRA flag, then the payload's type tree
/// (DLMS access-response results and data types, GBZ components with ZCL command ids, statuses and attribute types,
/// or an ASN.1 DER tag tree). Two responses that differ only in values have the same shape.
/// </summary>
public static class ResponseShape
{
    private const int MaxDepth = 16;

    /// <summary>The shape of <paramref name="m"/>.</summary>
    public static string Of(GbcsMessage m)
    {
        var sb = new StringBuilder();
        sb.Append($"code {m.MessageCode:X4} cra {m.Cra} | ");
        byte[] b = m.Buffer;
        int start = m.ContentOffset, count = m.ContentLength;
        try
        {
            if (count == 0) sb.Append("empty");
            else if (b[start] == DlmsApdu.AccessResponse) Dlms(AccessResponse.Decode(b, start, count), sb);
            else if (b[start] == DlmsApdu.DataNotification) Tree(DataNotification.Decode(b, start, count).Body, sb, 0);
            else if (count >= 2 && BigEndian.ReadUInt16(b, start) == EncryptedContentLocator.GbzProfileId) Gbz(b, start, count, sb);
            else Der(b, start, start + count, sb, 0);
        }
        catch (Exception e) when (e is GbcsFormatException or IndexOutOfRangeException or ArgumentException)
        {
            sb.Append(" !undecodable");
        }
        return sb.ToString();
    }

    private static void Dlms(AccessResponse r, StringBuilder sb)
    {
        sb.Append("access-response results[");
        foreach (var s in r.Results) sb.Append(s.Kind).Append(':').Append(s.Result).Append(' ');
        sb.Append("] data[");
        foreach (var d in r.Data) { Tree(d, sb, 0); sb.Append(' '); }
        sb.Append(']');
    }

    // A structure's element count is part of its type; an array's is not: how many special days, schedule entries,
    // log rows or execution times a meter holds is its state (RTDS answers ECS26d with one execution time and ECS26l
    // with four, for the same attribute). So a run of array elements of one shape is printed once.
    private static void Tree(DlmsData d, StringBuilder sb, int depth)
    {
        sb.Append(d.Type);
        if (d.Type is not (DlmsType.Structure or DlmsType.Array) || depth > MaxDepth) return;
        sb.Append('(');
        string? previous = null;
        foreach (var c in d.Children)
        {
            var child = new StringBuilder();
            Tree(c, child, depth + 1);
            string shape = child.ToString();
            if (d.Type == DlmsType.Array && shape == previous) continue;
            sb.Append(shape).Append(',');
            previous = shape;
        }
        sb.Append(')');
    }

    private static void Gbz(byte[] b, int start, int count, StringBuilder sb)
    {
        var r = new ByteReader(b, start, count);
        r.Skip(2, "profile");
        int components = r.ReadByte("count");
        sb.Append("gbz ").Append(components).Append(" components");
        for (int i = 0; i < components && r.Remaining > 0; i++)
        {
            int control = r.ReadByte("control");
            int cluster = r.ReadUInt16("cluster");
            int length = r.ReadUInt16("length");
            int at = r.Position;
            r.Skip(length, "component");
            sb.Append($" [ctl {control:X2} cluster {cluster:X4}");
            int p = at;
            if ((control & 0x10) != 0) p += 4; // from date-time
            if ((control & EncryptedContentLocator.GbzEncryptedFlag) != 0)
            {
                sb.Append($" enc cmd {b[p + 4]:X2}]");
                continue;
            }
            int frameControl = b[p], cmd = b[p + 2];
            sb.Append($" fc {frameControl:X2} cmd {cmd:X2}");
            int end = at + length;
            p += 3;
            if (cmd == 0x0B && p + 1 < end) sb.Append($" default-response to {b[p]:X2} status {b[p + 1]:X2}");
            // Only general (profile-wide) frames carry attribute records: a cluster-specific command 01 or 04 (Publish
            // Event Log, Publish Seasons, Report Event Configuration) is another structure whose counts are values.
            else if ((frameControl & 0x03) == 0 && cmd is 0x01 or 0x04) ZclRecords(b, p, end, cmd == 0x01, sb);
            sb.Append(']');
        }
    }

    // Read Attributes Response records (id, status, [type, value]) or Write Attributes Response (status, [id]).
    private static void ZclRecords(byte[] b, int p, int end, bool read, StringBuilder sb)
    {
        while (p < end)
        {
            if (!read)
            {
                int status = b[p++];
                sb.Append($" w{status:X2}");
                if (status != 0) p += 2;
                continue;
            }
            int id = b[p] | b[p + 1] << 8;
            int st = b[p + 2];
            p += 3;
            sb.Append($" {id:X4}:{st:X2}");
            if (st != 0) continue;
            int type = b[p++];
            sb.Append($"/{type:X2}");
            int size = ZclTypes.Size(type, b, p, end);
            if (size < 0) { sb.Append(" ?"); return; }
            p += size;
        }
    }

    private static void Der(byte[] b, int p, int end, StringBuilder sb, int depth)
    {
        while (p < end)
        {
            int tag = b[p++];
            int len = b[p++];
            if (len >= 0x80)
            {
                int n = len & 0x7F;
                len = 0;
                for (int i = 0; i < n; i++) len = len << 8 | b[p++];
            }
            if (p + len > end) throw new ArgumentException("DER length beyond its parent");
            sb.Append($"{tag:X2}");
            if ((tag & 0x20) != 0 && depth < MaxDepth)
            {
                sb.Append('(');
                Der(b, p, p + len, sb, depth + 1);
                sb.Append(')');
            }
            sb.Append(',');
            p += len;
        }
    }
}
