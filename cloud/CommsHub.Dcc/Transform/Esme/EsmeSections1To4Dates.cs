using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// DUIS dates and times as the DLMS date (5 bytes: year(2) month day day-of-week) and time (4 bytes: hour minute
/// second hundredths) octet-strings of ESME calendars and schedules; 0xFF (year 0xFFFF) is "not specified".
/// </summary>
internal static partial class EsmeDates
{
    private const byte NotSpecified = 0xFF;

    /// <summary>
    /// An sr:Date (sr:Year, sr:Month, sr:DayOfMonth, sr:DayOfWeek, each specified or not; the day of month may be
    /// the last (0xFE) or second last (0xFD) day).
    /// </summary>
    public static DlmsData Date(XmlElement date) => DlmsData.OctetString(DateBytes(date));

    /// <summary>The 5 bytes of <see cref="Date"/>.</summary>
    public static byte[] DateBytes(XmlElement date)
    {
        var year = Choice(DuisBody.Required(date, "Year"), "SpecifiedYear", 0xFFFF);
        var month = Choice(DuisBody.Required(date, "Month"), "SpecifiedMonth", NotSpecified);
        var dayElement = DuisBody.Required(date, "DayOfMonth");
        var day = DuisBody.Child(dayElement, "LastDayOfMonth") is not null ? 0xFE
            : DuisBody.Child(dayElement, "SecondLastDayOfMonth") is not null ? 0xFD
            : Choice(dayElement, "SpecifiedDayOfMonth", NotSpecified);
        var dow = Choice(DuisBody.Required(date, "DayOfWeek"), "SpecifiedDayOfWeek", NotSpecified);
        return [(byte)(year >> 8), (byte)year, (byte)month, (byte)day, (byte)dow];
    }

    /// <summary>An xs:date ("2014-10-27Z"); DUIS writes year 65535 for "every year". Day of week not specified.</summary>
    public static DlmsData XsDate(XmlElement parent, string name)
    {
        var text = DuisBody.RequiredText(parent, name);
        var m = XsDatePattern().Match(text);
        if (!m.Success) throw DuisBody.Invalid($"sr:{name} '{text}' is not an xs:date like 2014-10-27Z");
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        if (year > 0xFFFF || month is < 1 or > 12 || day is < 1 or > 31)
            throw DuisBody.Invalid($"sr:{name} '{text}' is out of range");
        return DlmsData.OctetString([(byte)(year >> 8), (byte)year, (byte)month, (byte)day, NotSpecified]);
    }

    /// <summary>An xs:time in UTC ("07:30:00.00Z") as hour, minute, second, hundredths.</summary>
    public static DlmsData XsTime(XmlElement parent, string name)
    {
        var text = DuisBody.RequiredText(parent, name);
        var m = XsTimePattern().Match(text);
        if (!m.Success) throw DuisBody.Invalid($"sr:{name} '{text}' is not a UTC xs:time like 07:30:00.00Z");
        var h = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var min = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        var s = int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture);
        var f = m.Groups["f"].Success ? int.Parse((m.Groups["f"].Value + "0")[..2], CultureInfo.InvariantCulture) : 0;
        if (h > 23 || min > 59 || s > 59) throw DuisBody.Invalid($"sr:{name} '{text}' is out of range");
        return DlmsData.OctetString([(byte)h, (byte)min, (byte)s, (byte)f]);
    }

    private static int Choice(XmlElement parent, string specified, int notSpecified)
    {
        if (DuisBody.Child(parent, specified) is null) return notSpecified;
        var v = DuisBody.Int(parent, specified);
        return v;
    }

    [GeneratedRegex(@"^(?<y>\d{4,5})-(?<m>\d{2})-(?<d>\d{2})(Z|\+00:00)?$")]
    private static partial Regex XsDatePattern();

    [GeneratedRegex(@"^(?<h>\d{2}):(?<m>\d{2}):(?<s>\d{2})(\.(?<f>\d{1,2})\d*)?(Z|\+00:00)$")]
    private static partial Regex XsTimePattern();
}
