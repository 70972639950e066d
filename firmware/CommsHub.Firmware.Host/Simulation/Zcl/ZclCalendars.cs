using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Host.Simulation.Zcl;

/// <summary>
/// The calendars the GSME holds (ZigBee SE 1.4 Calendar cluster 0x0707): the tariff (delivered, type 0) calendar that
/// GCS01a publishes and the friendly credit (type 3) calendar of GCS05. Each Publish command the meter receives is
/// kept as it arrived: Publish Calendar opens a calendar under its issuer calendar id, and Publish Day Profile / Week
/// Profile / Seasons / Special Days fill the calendar with that id. The Get commands (GCS21b, GCS21f) are answered
/// with the held publishes, one per day or week profile, as RTDS's meter answers them; a calendar, day or week the
/// meter does not hold is NOT_FOUND (<see cref="ZclLogRetrieval"/>).
/// <para>
/// GBCS asks the active calendar of a kind with a placeholder issuer calendar id: 0xFFFFFFFF the tariff calendar,
/// 0xFFFFFFFE the friendly credit calendar (the ids RTDS's GCS21f and GCS21b send). A calendar is active from its
/// start time (0: on receipt); a future-dated one is held but answers nothing until then.
/// </para>
/// </summary>
public sealed class ZclCalendars
{
    /// <summary>Calendar type of the tariff (delivered) calendar.</summary>
    public const int DeliveredCalendar = 0x00;

    /// <summary>Calendar type of the friendly credit calendar.</summary>
    public const int FriendlyCreditCalendar = 0x03;

    /// <summary>Issuer calendar id asking for the active tariff calendar.</summary>
    public const uint ActiveTariffCalendar = 0xFFFFFFFF;

    /// <summary>Issuer calendar id asking for the active friendly credit calendar.</summary>
    public const uint ActiveFriendlyCreditCalendar = 0xFFFFFFFE;

    // Server-to-client Publish commands (the meter receives them) and the client Get commands (the meter answers them).
    private const int PublishCalendar = 0x00, PublishDayProfile = 0x01, PublishWeekProfile = 0x02, PublishSeasons = 0x03, PublishSpecialDays = 0x04;
    private const int GetDayProfiles = 0x01, GetWeekProfiles = 0x02, GetSeasons = 0x03, GetSpecialDays = 0x04;
    // Provider id, issuer event id, issuer calendar id: the head of every publish but Publish Calendar's.
    private const int IssuerCalendarIdAt = 8;
    private const int KeptCalendars = 8;

    private readonly List<Calendar> _calendars = [];

    /// <summary>How many calendars the meter holds (active or future-dated).</summary>
    public int Count => _calendars.Count;

    /// <summary>
    /// Keeps server-to-client Calendar command <paramref name="commandId"/> with payload <c>b[p..end)</c> received at
    /// <paramref name="now"/> (ZCL UTC time); false when it is not a Publish this store keeps or its calendar is unknown.
    /// </summary>
    /// <exception cref="GbcsFormatException">the payload is cut short.</exception>
    public bool Publish(int commandId, byte[] b, int p, int end, uint now)
    {
        if (commandId == PublishCalendar)
        {
            // Provider (4), issuer event (4), issuer calendar id (4), start time (4), calendar type (1), ...
            var r = new ByteReader(b, p, end - p);
            r.Skip(8, "provider and issuer event id");
            uint id = ReadUInt32(r, b, "issuer calendar id");
            uint start = ReadUInt32(r, b, "start time");
            int type = r.ReadByte("calendar type");
            _calendars.RemoveAll(c => c.IssuerCalendarId == id);
            _calendars.Add(new Calendar(id, type, start == 0 ? now : start));
            if (_calendars.Count > KeptCalendars) _calendars.RemoveAt(0);
            return true;
        }
        if (commandId is < PublishDayProfile or > PublishSpecialDays) return false;
        if (end - p < IssuerCalendarIdAt + 5) throw new GbcsFormatException(GbcsErrorCode.BadLength, p, "Calendar publish cut short");
        var calendar = _calendars.FindLast(c => c.IssuerCalendarId == UInt32(b, p + IssuerCalendarIdAt));
        if (calendar is null) return false;
        byte[] payload = b[p..end];
        switch (commandId)
        {
            case PublishDayProfile: calendar.Days[b[p + 12]] = payload; break;
            case PublishWeekProfile: calendar.Weeks[b[p + 12]] = payload; break;
            case PublishSeasons: calendar.Seasons = payload; break;
            default: calendar.SpecialDays = payload; break;
        }
        return true;
    }

    /// <summary>
    /// The Publish commands (command id, payload) answering client Calendar command <paramref name="commandId"/> with
    /// payload <c>b[p..end)</c> at <paramref name="now"/>; null when the meter holds nothing that matches (NOT_FOUND) or
    /// the command is not a Get this store answers.
    /// </summary>
    /// <exception cref="GbcsFormatException">the request is cut short.</exception>
    public IReadOnlyList<(int CommandId, byte[] Payload)>? Get(int commandId, byte[] b, int p, int end, uint now)
    {
        var r = new ByteReader(b, p, end - p);
        switch (commandId)
        {
            case GetDayProfiles or GetWeekProfiles:
            {
                // Provider (4), issuer calendar id (4), start id (1), how many (1; 0 all).
                r.Skip(4, "provider id");
                var calendar = Active(ReadUInt32(r, b, "issuer calendar id"), null, now);
                int first = r.ReadByte("start id"), wanted = r.ReadByte("number of profiles");
                var held = commandId == GetDayProfiles ? calendar?.Days : calendar?.Weeks;
                var sent = held?.Where(kv => kv.Key >= first).Take(wanted == 0 ? int.MaxValue : wanted)
                    .Select(kv => (commandId, kv.Value)).ToList();
                return sent is { Count: > 0 } ? sent : null;
            }
            case GetSeasons:
            {
                r.Skip(4, "provider id");
                var seasons = Active(ReadUInt32(r, b, "issuer calendar id"), null, now)?.Seasons;
                return seasons is null ? null : [(PublishSeasons, seasons)];
            }
            case GetSpecialDays:
            {
                // Start time (4), number of events (1), calendar type (1), provider (4), issuer calendar id (4).
                r.Skip(5, "start time and number of events");
                int type = r.ReadByte("calendar type");
                r.Skip(4, "provider id");
                var special = Active(ReadUInt32(r, b, "issuer calendar id"), type, now)?.SpecialDays;
                return special is null ? null : [(PublishSpecialDays, special)];
            }
            default:
                return null;
        }
    }

    // The calendar a Get names: a placeholder id the active one of its kind (the latest started), else that id's.
    private Calendar? Active(uint issuerCalendarId, int? type, uint now)
    {
        int? kind = issuerCalendarId switch
        {
            ActiveTariffCalendar => DeliveredCalendar,
            ActiveFriendlyCreditCalendar => FriendlyCreditCalendar,
            _ => null,
        };
        if (kind is null) return _calendars.FindLast(c => c.IssuerCalendarId == issuerCalendarId && c.Start <= now);
        return _calendars.Where(c => c.Type == (type ?? kind) && c.Start <= now).OrderBy(c => c.Start).LastOrDefault();
    }

    // ZCL integers travel little-endian.
    private static uint ReadUInt32(ByteReader r, byte[] b, string what)
    {
        r.Need(4, what);
        uint v = UInt32(b, r.Position);
        r.Skip(4, what);
        return v;
    }

    private static uint UInt32(byte[] b, int p) => (uint)(b[p] | b[p + 1] << 8 | b[p + 2] << 16 | b[p + 3] << 24);

    private sealed class Calendar(uint issuerCalendarId, int type, uint start)
    {
        public uint IssuerCalendarId { get; } = issuerCalendarId;

        public int Type { get; } = type;

        public uint Start { get; } = start;

        public SortedDictionary<int, byte[]> Days { get; } = [];

        public SortedDictionary<int, byte[]> Weeks { get; } = [];

        public byte[]? Seasons { get; set; }

        public byte[]? SpecialDays { get; set; }
    }
}
