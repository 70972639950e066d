namespace CommsHub.Dcc.Schedules;

/// <summary>
/// One DCC schedule (DUIS 5.1 Create Schedule), as stored: whose it is, what it reads from which device, when, and the
/// request's <c>sr:CreateSchedule</c> body (the DUIS <c>DSPSchedule</c>), which 5.2 answers back and execution builds
/// the scheduled request from.
/// </summary>
/// <param name="Id">The DSPScheduleID (assigned by the store; 0 before it is added).</param>
/// <param name="User">The user who created it (the only one who may read or delete it).</param>
/// <param name="Device">The DeviceID it reads.</param>
/// <param name="Srv">The scheduled Service Reference Variant, e.g. "4.6.1".</param>
/// <param name="Frequency">How often it runs.</param>
/// <param name="Start">ScheduleStartDate.</param>
/// <param name="End">ScheduleEndDate (inclusive), or null for none.</param>
/// <param name="Details">The <c>sr:CreateSchedule</c> element's outer XML.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="NextRunAt">When it runs next; null once past its end date.</param>
public sealed record DccSchedule(
    long Id, ulong User, ulong Device, string Srv, ScheduleFrequency Frequency, DateOnly Start, DateOnly? End,
    string Details, DateTimeOffset CreatedAt, DateTimeOffset? NextRunAt);
