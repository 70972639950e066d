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
/// <param name="StartTime">ScheduleExecutionStartTime (UTC time of day); midnight when absent.</param>
public sealed record CreateScheduleBody(string Srv, ulong Device, ScheduleFrequency Frequency, DateOnly Start, DateOnly? End, TimeOnly StartTime)
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
        var deviceText = Text(body, "DeviceID");
        if (deviceText is null || !RequestId.TryParseEui(deviceText, out var device))
            throw new ScheduleException(ScheduleError.NotSchedulable, $"DeviceID '{deviceText}' is not an EUI-64");
        var frequency = ScheduleFrequencies.Parse(Text(body, "ScheduleFrequency"));
        var start = Date(Text(body, "ScheduleStartDate"), "ScheduleStartDate")
            ?? throw new ScheduleException(ScheduleError.BadPeriod, "the schedule has no ScheduleStartDate");
        var end = Date(Text(body, "ScheduleEndDate"), "ScheduleEndDate");
        if (end < start) throw new ScheduleException(ScheduleError.BadPeriod, $"ScheduleEndDate {end:yyyy-MM-dd} is before ScheduleStartDate {start:yyyy-MM-dd}");
        var time = Text(body, "ScheduleExecutionStartTime") is { } t ? Time(t) : TimeOnly.MinValue;
        return new CreateScheduleBody(srv!, device, frequency, start, end, time);
    }

    /// <summary>The first run at or after <paramref name="now"/> (runs missed before the schedule was created are not made up), or
    /// null when that falls after the end date.</summary>
    public DateTimeOffset? FirstRunFrom(DateTimeOffset now)
    {
        var run = new DateTimeOffset(Start.ToDateTime(StartTime), TimeSpan.Zero);
        if (run < now && Frequency is ScheduleFrequency.Daily or ScheduleFrequency.Weekly)
        {
            // Jump straight there: a start date decades back must not cost thousands of steps.
            var period = TimeSpan.FromDays(Frequency == ScheduleFrequency.Daily ? 1 : 7);
            run += period * Math.Ceiling((now - run) / period);
        }
        while (run < now) run = ScheduleFrequencies.Next(Frequency, run); // months: at most 12 steps a year back
        return IsAfterEnd(run) ? null : run;
    }

    /// <summary>True when <paramref name="run"/> falls after the end date (the end date itself is the last day).</summary>
    public bool IsAfterEnd(DateTimeOffset run) => End is { } end && DateOnly.FromDateTime(run.UtcDateTime) > end;

    private static DateOnly? Date(string? text, string name)
    {
        if (text is null) return null;
        // xs:date may carry a zone ("2015-01-02Z"); the schedule is a calendar date.
        var date = text.Length > 10 ? text[..10] : text;
        return DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new ScheduleException(ScheduleError.BadPeriod, $"{name} '{text}' is not a date");
    }

    private static TimeOnly Time(string text)
    {
        try
        {
            return TimeOnly.FromDateTime(XmlConvert.ToDateTimeOffset("2000-01-01T" + text).UtcDateTime);
        }
        catch (FormatException)
        {
            throw new ScheduleException(ScheduleError.BadPeriod, $"ScheduleExecutionStartTime '{text}' is not a time");
        }
    }

    private static string? Text(XmlElement parent, string name) =>
        parent.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == name && e.NamespaceURI == Sr)?.InnerText.Trim();
}
