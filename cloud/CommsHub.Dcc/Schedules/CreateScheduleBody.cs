using System.Globalization;
using System.Xml;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Schedules;

/// <summary>
/// What a DUIS 5.1 <c>sr:CreateSchedule</c> body (XSD type <c>DSPSchedule</c>) asks for: the scheduled SRV and device,
/// and when it runs. The XSD has already checked the shape; this checks what it cannot (a known, DCC-schedulable SRV
/// whose service reference matches its variant; an end date not before the start).
/// </summary>
/// <param name="Srv">DSPScheduledServiceReferenceVariant, e.g. "4.6.1".</param>
/// <param name="Device">DeviceID.</param>
/// <param name="Frequency">ScheduleFrequency.</param>
/// <param name="Start">ScheduleStartDate.</param>
/// <param name="End">ScheduleEndDate, or null.</param>
/// <param name="StartTime">ScheduleExecutionStartTime: the UTC time of day, or with <paramref name="UkTime"/> the UK
/// wall-clock time (<see cref="ScheduleCalendar"/>); midnight UTC when absent.</param>
/// <param name="UkTime">True when ScheduleExecutionStartTime carried no zone.</param>
public sealed record CreateScheduleBody(string Srv, ulong Device, ScheduleFrequency Frequency, DateOnly Start, DateOnly? End, TimeOnly StartTime,
    bool UkTime = false)
{
    private const string Sr = DuisNamespaces.ServiceUserGateway;

    /// <summary>Reads <paramref name="body"/> (an <c>sr:CreateSchedule</c>).</summary>
    /// <exception cref="ScheduleException">A bad frequency or period, or an SRV that may not be DCC-scheduled.</exception>
    public static CreateScheduleBody Parse(XmlElement body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var srv = Text(body, "DSPScheduledServiceReferenceVariant");
        var reference = Text(body, "DSPScheduledServiceReference");
        var info = srv is null ? null : SrvCatalogue.Find(srv);
        if (info is null || !info.DccScheduled)
            throw new ScheduleException(ScheduleError.NotSchedulable, $"'{srv}' is not a Service Reference Variant that may be DCC-scheduled");
        if (reference != info.ServiceReference)
            throw new ScheduleException(ScheduleError.NotSchedulable, $"DSPScheduledServiceReference '{reference}' does not match the variant {srv} (service reference {info.ServiceReference})");
        // The XSD lets any scheduled body go with any SRV; its name is the SRV's, as DUIS names them ("DSP" and the SRV's
        // name without spaces or brackets: 4.6.1 Retrieve Import Daily Read Log, sr:DSPRetrieveImportDailyReadLog). Both
        // checks here, not at each run: a schedule accepted with I0 must not then fail every day.
        var scheduled = ScheduledRequestBuilder.ScheduledBody(body);
        var expected = "DSP" + string.Concat(info.Name.Where(char.IsLetterOrDigit));
        if (scheduled?.LocalName != expected)
            throw new ScheduleException(ScheduleError.NotSchedulable, $"the scheduled body sr:{scheduled?.LocalName} is not that of {srv} (sr:{expected})");
        if (!ScheduledRequestBuilder.Executes(scheduled))
            throw new ScheduleException(ScheduleError.NotSchedulable, $"{srv} {info.Name} cannot be DCC-scheduled on this adapter yet: it runs only log-period reads");
        var deviceText = Text(body, "DeviceID");
        if (deviceText is null || !RequestId.TryParseEui(deviceText, out var device))
            throw new ScheduleException(ScheduleError.NotSchedulable, $"DeviceID '{deviceText}' is not an EUI-64");
        var frequency = ScheduleFrequencies.Parse(Text(body, "ScheduleFrequency"));
        var start = Date(Text(body, "ScheduleStartDate"), "ScheduleStartDate")
            ?? throw new ScheduleException(ScheduleError.BadPeriod, "the schedule has no ScheduleStartDate");
        var end = Date(Text(body, "ScheduleEndDate"), "ScheduleEndDate");
        if (end < start) throw new ScheduleException(ScheduleError.BadPeriod, $"ScheduleEndDate {end:yyyy-MM-dd} is before ScheduleStartDate {start:yyyy-MM-dd}");
        // Absent, midnight UTC: DUIS gives no default, and the templates' times of day are all UTC ("...Z").
        var (time, uk) = Text(body, "ScheduleExecutionStartTime") is { } t ? Time(t) : (TimeOnly.MinValue, false);
        return new CreateScheduleBody(srv!, device, frequency, start, end, time, uk);
    }

    /// <summary>When its runs fall.</summary>
    public ScheduleCalendar Calendar => new(Frequency, Start, End, StartTime, UkTime);

    /// <summary>The first run at or after <paramref name="now"/> (runs missed before the schedule was created are not made up), or
    /// null when that falls after the end date.</summary>
    public DateTimeOffset? FirstRunFrom(DateTimeOffset now) => Calendar.FirstFrom(now);

    private static DateOnly? Date(string? text, string name)
    {
        if (text is null) return null;
        // xs:date may carry a zone ("2015-01-02Z"); the schedule is a calendar date.
        var date = text.Length > 10 ? text[..10] : text;
        return DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new ScheduleException(ScheduleError.BadPeriod, $"{name} '{text}' is not a date");
    }

    // A time with a zone is converted to UTC; one without is UK time (ScheduleCalendar). It used to be parsed as the
    // host's local time, so the same schedule ran at different instants on hosts in different zones.
    private static (TimeOnly Time, bool Uk) Time(string text)
    {
        try
        {
            var zoned = text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
            return zoned
                ? (TimeOnly.FromDateTime(XmlConvert.ToDateTimeOffset("2000-01-01T" + text).UtcDateTime), false)
                : (TimeOnly.FromDateTime(XmlConvert.ToDateTime("2000-01-01T" + text, XmlDateTimeSerializationMode.Unspecified)), true);
        }
        catch (FormatException)
        {
            throw new ScheduleException(ScheduleError.BadPeriod, $"ScheduleExecutionStartTime '{text}' is not a time");
        }
    }

    private static string? Text(XmlElement parent, string name) =>
        parent.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == name && e.NamespaceURI == Sr)?.InnerText.Trim();
}
