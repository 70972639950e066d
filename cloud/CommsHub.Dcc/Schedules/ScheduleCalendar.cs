using System.Xml;

namespace CommsHub.Dcc.Schedules;

/// <summary>
/// When the runs of a DCC schedule fall. The n-th run is on the start date stepped n periods on the calendar, always
/// from the start date (so a monthly schedule from 31 January runs on 28 February, then 31 March, rather than drifting
/// to the 28th for ever), at the execution time on that date.
/// </summary>
/// <remarks>
/// The execution time is an <c>xs:time</c>. With a zone ("01:30:00Z", as the DUIS templates write their times) it is a
/// fixed UTC time of day. Without one, DUIS does not say; the DCC runs in UK time, so it is UK wall-clock time, as the
/// user would read it: a daily run at 01:30 stays at 01:30 in summer and winter. On the day the clocks go forward
/// (01:00 GMT becomes 02:00 BST) a time in the skipped hour does not exist: the run is at the instant the clock would have
/// shown it (01:30 then runs at 02:30 BST), not skipped. On the day they go back (02:00 BST becomes 01:00 GMT) a time in
/// the repeated hour comes twice: the run is at the first, and only once. Either way each date has exactly one run.
/// </remarks>
/// <param name="Frequency">How often it runs.</param>
/// <param name="Start">The date of the first run.</param>
/// <param name="End">The last date a run may fall on, or null.</param>
/// <param name="Time">The time of day of each run: UTC when <paramref name="UkTime"/> is false, else UK wall-clock time.</param>
/// <param name="UkTime">True when the execution time carried no zone.</param>
public sealed record ScheduleCalendar(ScheduleFrequency Frequency, DateOnly Start, DateOnly? End, TimeOnly Time, bool UkTime)
{
    /// <summary>The UK's time zone (GMT, BST in summer).</summary>
    public static readonly TimeZoneInfo Uk = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>The calendar of a stored schedule (read from its <c>sr:CreateSchedule</c> details).</summary>
    /// <exception cref="ScheduleException">The stored details are no longer a valid schedule.</exception>
    public static ScheduleCalendar Of(DccSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return CreateScheduleBody.Parse(Load(schedule.Details)).Calendar;
    }

    /// <summary>The first run at or after <paramref name="at"/>, or null when that would fall after the end date.</summary>
    public DateTimeOffset? FirstFrom(DateTimeOffset at)
    {
        // Jump close to it first: a start date decades back must not cost thousands of steps. Two periods short, so
        // that a run whose UK time falls on the UTC day before is not stepped over.
        for (var n = Math.Max(0, PeriodsBetween(Start, DateOnly.FromDateTime(at.UtcDateTime)) - 2); ; n++)
        {
            if (DateOf(n) is not { } date || End is { } end && date > end) return null;
            var run = RunOn(date);
            if (run >= at) return run;
        }
    }

    /// <summary>The first run strictly after <paramref name="at"/>, or null past the end date.</summary>
    public DateTimeOffset? FirstAfter(DateTimeOffset at) => FirstFrom(at.AddTicks(1));

    /// <summary>The calendar date a run at <paramref name="run"/> belongs to: its UK date for a UK time, else its UTC date.
    /// A run's log period is counted from it.</summary>
    public DateOnly DateOfRun(DateTimeOffset run) =>
        DateOnly.FromDateTime(UkTime ? TimeZoneInfo.ConvertTime(run, Uk).DateTime : run.UtcDateTime);

    /// <summary>The instant of the run on <paramref name="date"/>.</summary>
    public DateTimeOffset RunOn(DateOnly date)
    {
        var wall = date.ToDateTime(Time, DateTimeKind.Unspecified);
        if (!UkTime) return new DateTimeOffset(wall, TimeSpan.Zero);
        // In the hour skipped in spring: as if the clock had not jumped, i.e. still at GMT (the UK's base offset).
        if (Uk.IsInvalidTime(wall)) return new DateTimeOffset(wall - Uk.BaseUtcOffset, TimeSpan.Zero);
        // In the hour repeated in autumn: the first time, i.e. at the larger (BST) offset.
        var offset = Uk.IsAmbiguousTime(wall) ? Uk.GetAmbiguousTimeOffsets(wall).Max() : Uk.GetUtcOffset(wall);
        return new DateTimeOffset(wall - offset, TimeSpan.Zero);
    }

    // The date of the n-th run; null beyond the calendar's end (year 9999).
    private DateOnly? DateOf(int n)
    {
        try
        {
            return Frequency switch
            {
                ScheduleFrequency.Daily => Start.AddDays(n),
                ScheduleFrequency.Weekly => Start.AddDays(checked(7 * n)),
                _ => Start.AddMonths(checked(MonthsPerRun(Frequency) * n)),
            };
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    // Whole periods from one date to a later one (0 when not later), counted on the calendar.
    private int PeriodsBetween(DateOnly from, DateOnly to)
    {
        if (to <= from) return 0;
        var days = to.DayNumber - from.DayNumber;
        return Frequency switch
        {
            ScheduleFrequency.Daily => days,
            ScheduleFrequency.Weekly => days / 7,
            _ => ((to.Year - from.Year) * 12 + to.Month - from.Month) / MonthsPerRun(Frequency),
        };
    }

    private static int MonthsPerRun(ScheduleFrequency frequency) => frequency switch
    {
        ScheduleFrequency.Monthly => 1,
        ScheduleFrequency.Quarterly => 3,
        ScheduleFrequency.HalfYearly => 6,
        ScheduleFrequency.Yearly => 12,
        _ => throw new ScheduleException(ScheduleError.BadFrequency, $"{(int)frequency} is not a schedule frequency"),
    };

    private static XmlElement Load(string details)
    {
        var doc = new XmlDocument { XmlResolver = null };
        using (var reader = XmlReader.Create(new StringReader(details), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
            doc.Load(reader);
        return doc.DocumentElement!;
    }
}
