using System.Globalization;
using System.Xml;
using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Transforms.Gsme;

/// <summary>A calendar day profile: its id and its schedule entries (minutes after midnight, value: price tier or friendly-credit on/off).</summary>
internal sealed record CalendarDay(int Id, IReadOnlyList<(int Minutes, int Value)> Entries);

/// <summary>A calendar week profile: its id and the day profile of Monday to Sunday.</summary>
internal sealed record CalendarWeek(int Id, int[] Days);

/// <summary>A season start or special day: the ZCL date (year-1900, month, day, day of week; 0xFF = any) and the week or day it refers to.</summary>
internal sealed record CalendarDate(byte[] Date, int Reference);

/// <summary>
/// ZigBee Calendar cluster publishes for one calendar (GBCS tariff switching table, GSME non-disablement calendar):
/// Publish Calendar, a Publish Day Profile per day, a Publish Week Profile per week, Publish Seasons and Publish
/// Special Days, all with issuer calendar id = issuer event id and each list in one command.
/// </summary>
internal static class GsmeCalendar
{
    public const byte DeliveredCalendar = 0x00, FriendlyCreditCalendar = 0x03;

    public static IEnumerable<GbzCommand> Publish(GsmeRequest r, byte calendarType, uint startTime,
        IReadOnlyList<CalendarDay> days, IReadOnlyList<CalendarWeek> weeks, IReadOnlyList<CalendarDate> seasons, IReadOnlyList<CalendarDate> specialDays)
    {
        var id = r.IssuerEventId;
        ZclWriter Head() => new ZclWriter().U32(0).U32(r.IssuerEventId).U32(id);
        yield return GbzCommand.Publish(ZclCluster.Calendar, 0x00, Head().U32(startTime).U8(calendarType).U8(0).OctetString("")
            .U8(seasons.Count).U8(weeks.Count).U8(days.Count));
        foreach (var d in days)
        {
            var w = Head().U8(d.Id).U8(d.Entries.Count).U8(0).U8(1).U8(calendarType);
            foreach (var (minutes, value) in d.Entries) w.U16(minutes).U8(value);
            yield return GbzCommand.Publish(ZclCluster.Calendar, 0x01, w);
        }
        foreach (var week in weeks)
        {
            var w = Head().U8(week.Id);
            foreach (var d in week.Days) w.U8(d);
            yield return GbzCommand.Publish(ZclCluster.Calendar, 0x02, w);
        }
        var s = Head().U8(0).U8(1);
        foreach (var season in seasons) s.Bytes(season.Date).U8(season.Reference);
        yield return GbzCommand.Publish(ZclCluster.Calendar, 0x03, s);
        var sd = Head().U32(startTime).U8(calendarType).U8(specialDays.Count).U8(0).U8(1);
        foreach (var day in specialDays) sd.Bytes(day.Date).U8(day.Reference);
        yield return GbzCommand.Publish(ZclCluster.Calendar, 0x04, sd);
    }

    /// <summary>sr:WeekProfile elements: sr:WeekName and seven sr:ReferencedDayName (index 1 = Monday).</summary>
    public static IReadOnlyList<CalendarWeek> Weeks(XmlElement? weekProfiles) =>
        Children(weekProfiles, "WeekProfile").Select(w =>
        {
            var days = new int[7];
            foreach (var d in Children(w, "ReferencedDayName"))
            {
                var index = int.TryParse(d.GetAttribute("index"), NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i is >= 1 and <= 7
                    ? i : throw DuisBody.Invalid("sr:ReferencedDayName needs an index from 1 to 7");
                days[index - 1] = Number(d, 255);
            }
            return new CalendarWeek(DuisBody.Int(w, "WeekName"), days);
        }).ToArray();

    /// <summary>Season starts or special days: <paramref name="dateName"/> (a DUIS date with wildcards) and the referenced name.</summary>
    public static IReadOnlyList<CalendarDate> Dates(XmlElement? parent, string itemName, string dateName, string referenceName) =>
        Children(parent, itemName).Select(e => new CalendarDate(Date(DuisBody.Required(e, dateName)), DuisBody.Int(e, referenceName))).ToArray();

    /// <summary>
    /// A DUIS Gas date with wildcards as a ZCL date: year - 1900, month, day of month, day of week; a NonSpecified part is 0xFF.
    /// </summary>
    public static byte[] Date(XmlElement date) =>
    [
        Part(date, "GasYearWithWildcards", "SpecifiedYear", v => v - 1900),
        Part(date, "GasMonthWithWildcards", "SpecifiedMonth", v => v),
        Part(date, "GasDayOfMonthWithWildcards", "SpecifiedDayOfMonth", v => v),
        Part(date, "GasDayOfWeekWithWildcards", "SpecifiedDayOfWeek", v => v),
    ];

    /// <summary>"hh:mm:ss[.ff]Z" as minutes after midnight.</summary>
    public static int Minutes(XmlElement parent, string name)
    {
        var text = DuisBody.RequiredText(parent, name);
        return TimeSpan.TryParseExact(text.TrimEnd('Z'), [@"hh\:mm\:ss\.ff", @"hh\:mm\:ss"], CultureInfo.InvariantCulture, out var t)
            ? (int)t.TotalMinutes : throw DuisBody.Invalid($"sr:{name} '{text}' is not a time of day");
    }

    public static IEnumerable<XmlElement> Children(XmlElement? parent, string name) =>
        parent is null ? [] : parent.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == name && e.NamespaceURI == DuisNamespaces.ServiceUserGateway);

    private static byte Part(XmlElement date, string wrapper, string specified, Func<int, int> map)
    {
        var w = DuisBody.Required(date, wrapper);
        if (DuisBody.Child(w, specified) is not { } e) return 0xFF;
        var v = map(Number(e, 9999));
        return v is >= 0 and < 0xFF ? (byte)v : throw DuisBody.Invalid($"sr:{specified} '{e.InnerText.Trim()}' is out of range");
    }

    private static int Number(XmlElement e, int max)
    {
        var text = e.InnerText.Trim();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v <= max
            ? v : throw DuisBody.Invalid($"sr:{e.LocalName} '{text}' is not a number up to {max}");
    }
}
