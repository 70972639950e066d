namespace CommsHub.Dcc.Schedules;

/// <summary>How often a DCC schedule runs (DUIS XSD <c>ScheduleFrequency</c>).</summary>
public enum ScheduleFrequency
{
    /// <summary>Every day.</summary>
    Daily,
    /// <summary>Every seven days.</summary>
    Weekly,
    /// <summary>Every calendar month.</summary>
    Monthly,
    /// <summary>Every three months.</summary>
    Quarterly,
    /// <summary>Every six months (DUIS "Half-Yearly").</summary>
    HalfYearly,
    /// <summary>Every twelve months.</summary>
    Yearly,
}

/// <summary>The DUIS text of <see cref="ScheduleFrequency"/> and the step from one run to the next.</summary>
public static class ScheduleFrequencies
{
    /// <summary>Parses the DUIS text ("Daily" ... "Half-Yearly", "Yearly").</summary>
    /// <exception cref="ScheduleException"><see cref="ScheduleError.BadFrequency"/> for any other text.</exception>
    public static ScheduleFrequency Parse(string? text) => text switch
    {
        "Daily" => ScheduleFrequency.Daily,
        "Weekly" => ScheduleFrequency.Weekly,
        "Monthly" => ScheduleFrequency.Monthly,
        "Quarterly" => ScheduleFrequency.Quarterly,
        "Half-Yearly" => ScheduleFrequency.HalfYearly,
        "Yearly" => ScheduleFrequency.Yearly,
        _ => throw new ScheduleException(ScheduleError.BadFrequency, $"'{text}' is not a DUIS ScheduleFrequency (Daily, Weekly, Monthly, Quarterly, Half-Yearly, Yearly)"),
    };

    /// <summary>The DUIS text of <paramref name="frequency"/>.</summary>
    public static string ToText(ScheduleFrequency frequency) => frequency switch
    {
        ScheduleFrequency.HalfYearly => "Half-Yearly",
        _ when Enum.IsDefined(frequency) => frequency.ToString(),
        _ => throw new ScheduleException(ScheduleError.BadFrequency, $"{(int)frequency} is not a schedule frequency"),
    };

    /// <summary>The run after one at <paramref name="run"/>. Months step on the calendar (31 Jan, then 28/29 Feb).</summary>
    public static DateTimeOffset Next(ScheduleFrequency frequency, DateTimeOffset run) => frequency switch
    {
        ScheduleFrequency.Daily => run.AddDays(1),
        ScheduleFrequency.Weekly => run.AddDays(7),
        ScheduleFrequency.Monthly => run.AddMonths(1),
        ScheduleFrequency.Quarterly => run.AddMonths(3),
        ScheduleFrequency.HalfYearly => run.AddMonths(6),
        ScheduleFrequency.Yearly => run.AddYears(1),
        _ => throw new ScheduleException(ScheduleError.BadFrequency, $"{(int)frequency} is not a schedule frequency"),
    };
}
