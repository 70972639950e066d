using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Host.Tests.Support;

/// <summary>
/// The friendly credit calendar RTDS's GSME reports holding in its GCS21b answer (four day profiles, two week profiles,
/// two seasons, four special days), as the GBZ payload of a GCS05 that publishes it: a Publish Calendar opening a
/// friendly credit calendar under the issuer calendar id the reported profiles carry, then each reported Publish as a
/// supplier sends it (server to client, default responses enabled). No RTDS command sets that calendar (RTDS's GCS05
/// publishes one of three day profiles), so a meter that should hold what RTDS's meter held is sent this one.
/// </summary>
public static class RtdsFriendlyCreditCalendar
{
    private const int Calendar = 0x0707;
    private const int PublishCalendar = 0x00, PublishDayProfile = 0x01, PublishWeekProfile = 0x02, PublishSeasons = 0x03;
    private const int FriendlyCredit = 0x03;

    /// <summary>The GBZ payload publishing the calendar.</summary>
    public static byte[] PublishPayload()
    {
        var response = GbcsFrameParser.Parse(Rtds.Message("4.13_GCS21b/GCS21b_4.13_SUCCESS_RESPONSE_GBCS.HEX"));
        var publishes = CalendarPublishes(response);
        byte[] head = publishes[0].Payload[..12]; // provider, issuer event id, issuer calendar id
        var calendar = new ByteWriter(25);
        calendar.WriteBytes(head);
        calendar.WriteBytes(new byte[4]); // start time: now
        calendar.WriteByte(FriendlyCredit);
        calendar.WriteByte(0); // calendar time reference
        calendar.WriteByte(0); // calendar name: empty
        calendar.WriteByte(publishes.Where(x => x.CommandId == PublishSeasons).Sum(x => (x.Payload.Length - 14) / 5));
        calendar.WriteByte(publishes.Count(x => x.CommandId == PublishWeekProfile));
        calendar.WriteByte(publishes.Count(x => x.CommandId == PublishDayProfile));
        publishes.Insert(0, (PublishCalendar, calendar.ToArray()));

        var w = new ByteWriter(512);
        w.WriteUInt16(0x0109);
        w.WriteByte(publishes.Count);
        for (int i = 0; i < publishes.Count; i++)
        {
            var (commandId, payload) = publishes[i];
            w.WriteByte(i == publishes.Count - 1 ? 0x01 : 0x00);
            w.WriteUInt16(Calendar);
            w.WriteUInt16(3 + payload.Length);
            w.WriteByte(0x09); // cluster specific, server to client
            w.WriteByte(i);
            w.WriteByte(commandId);
            w.WriteBytes(payload);
        }
        return w.ToArray();
    }

    // The Calendar cluster components of a GBZ response: (command id, ZCL payload).
    private static List<(int CommandId, byte[] Payload)> CalendarPublishes(GbcsMessage m)
    {
        var list = new List<(int, byte[])>();
        byte[] b = m.Buffer;
        var r = new ByteReader(b, m.ContentOffset, m.ContentLength);
        r.Skip(2, "profile");
        int n = r.ReadByte("count");
        for (int i = 0; i < n; i++)
        {
            r.Skip(1, "control");
            int cluster = r.ReadUInt16("cluster");
            int length = r.ReadUInt16("length");
            int p = r.Position;
            r.Skip(length, "component");
            if (cluster == Calendar) list.Add((b[p + 2], b[(p + 3)..(p + length)]));
        }
        return list;
    }
}
