using System.Globalization;
using System.Xml;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// DUIS calendar elements as the COSEM Schedule (class 10) and Special Days Table (class 11) entries GBCS ESME commands
/// carry (ECS37, ECS46c, ECS46d).
/// </summary>
internal static class EsmeSections6To11Calendars
{
    private static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    /// <summary>
    /// One Schedule entry: {index, enabled, script table, script selector, switch time, validity window (unlimited),
    /// weekdays, special days, begin date, end date}.
    /// </summary>
    public static DlmsData ScheduleEntry(int index, ulong scriptTable, int selector, DlmsData switchTime,
        DlmsData weekdays, DlmsData specialDays, DlmsData beginDate, DlmsData endDate) => DlmsData.Structure(
    [
        DlmsData.LongUnsigned(index),
        DlmsData.Boolean(true),
        DlmsData.OctetString(Obis.ToBytes(scriptTable)),
        DlmsData.LongUnsigned(selector),
        switchTime,
        DlmsData.LongUnsigned(0xFFFF),
        weekdays,
        specialDays,
        beginDate,
        endDate,
    ]);

    /// <summary>Seven bits Monday..Sunday, Monday first, set for each sr:DayOfWeekID under sr:DaysOfWeekApplicability.</summary>
    public static DlmsData Weekdays7(XmlElement schedule)
    {
        var days = DuisBody.Child(schedule, "DaysOfWeekApplicability");
        var bits = 0;
        foreach (var d in days?.ChildNodes.OfType<XmlElement>() ?? [])
        {
            var name = DuisBody.RequiredText(d, "DayOfWeekID");
            var i = Array.IndexOf(Weekdays, name);
            if (i < 0) throw DuisBody.Invalid($"sr:DayOfWeekID '{name}' is not a day of the week");
            bits |= 0x80 >> i;
        }
        return DlmsData.BitString([(byte)bits], 7);
    }

    /// <summary>
    /// One bit per special day defined in the request (<paramref name="count"/>), set for each
    /// sr:SpecialDaysApplicability the schedule entry names by <paramref name="attribute"/>.
    /// </summary>
    public static DlmsData SpecialDays(XmlElement schedule, int count, string attribute)
    {
        var bytes = new byte[(count + 7) / 8];
        foreach (var e in schedule.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "SpecialDaysApplicability"))
        {
            var n = Index(e.GetAttribute(attribute), "SpecialDaysApplicability " + attribute, count);
            bytes[(n - 1) / 8] |= (byte)(0x80 >> ((n - 1) % 8));
        }
        return DlmsData.BitString(bytes, count);
    }

    /// <summary>The Special Days Table entries {index, date, day id = index} of <paramref name="days"/>, keyed by <paramref name="attribute"/>.</summary>
    public static DlmsData SpecialDaysTable(IReadOnlyList<XmlElement> days, string attribute)
    {
        var entries = new DlmsData[days.Count];
        for (var i = 0; i < days.Count; i++)
        {
            var n = Index(days[i].GetAttribute(attribute), days[i].LocalName + " " + attribute, 255);
            entries[i] = DlmsData.Structure([DlmsData.LongUnsigned(n), Date(days[i]), DlmsData.Unsigned(n)]);
        }
        return DlmsData.Array(entries);
    }

    /// <summary>
    /// A DUIS wildcard date (sr:Year, sr:Month, sr:DayOfMonth, sr:DayOfWeek, each Specified… or NonSpecified…) as a
    /// COSEM date: year (2 bytes, FFFF unspecified), month, day, weekday (FF unspecified).
    /// </summary>
    public static DlmsData Date(XmlElement date)
    {
        var year = Field(date, "Year", 0, 9999, 0xFFFF);
        return DlmsData.OctetString(
        [
            (byte)(year >> 8), (byte)year,
            (byte)Field(date, "Month", 1, 12, 0xFF),
            (byte)Field(date, "DayOfMonth", 1, 31, 0xFF),
            (byte)Field(date, "DayOfWeek", 1, 7, 0xFF),
        ]);
    }

    private static int Field(XmlElement date, string name, int min, int max, int unspecified)
    {
        var field = DuisBody.Required(date, name);
        if (DuisBody.Child(field, "NonSpecified" + name) is not null) return unspecified;
        var text = DuisBody.RequiredText(field, "Specified" + name);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw DuisBody.Invalid($"sr:Specified{name} '{text}' is not {min} to {max}");
    }

    /// <summary>An index attribute from 1 to <paramref name="max"/>.</summary>
    public static int Index(string text, string what, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max
            ? n
            : throw DuisBody.Invalid($"{what} '{text}' is not 1 to {max}");

    /// <summary>The child elements of <paramref name="parent"/> named <paramref name="name"/>.</summary>
    public static List<XmlElement> Children(XmlElement parent, string name) =>
        parent.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == name && e.NamespaceURI == parent.NamespaceURI).ToList();
}
