using System.Globalization;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Schedules;
using CommsHub.Dcc.Storage;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// When a schedule's runs fall: on the calendar from its start date (a monthly schedule from the 31st does not drift to
/// the 28th), and at its execution time in UK time when the time carries no zone (the DCC runs in UK time), once a day
/// across the clock changes.
/// </summary>
public sealed class ScheduleCalendarTests
{
    private static DateTimeOffset Utc(int y, int m, int d, int h = 0, int min = 0) => new(y, m, d, h, min, 0, TimeSpan.Zero);

    // The user's ECS21a 5.1 with another frequency, start date and (optional) ScheduleExecutionStartTime: its DSPScheduleID.
    private static async Task<long> CreateAsync(Rig rig, ulong counter, string frequency, string start, string? time)
    {
        var created = await rig.Intake.ProcessAsync(rig.Signed("ECS21a_5.1._DCC_SCHEDULED_REQUEST_DUIS.XML", counter, edit: t => t
            .Replace("<sr:ScheduleFrequency>Daily</sr:ScheduleFrequency>", $"<sr:ScheduleFrequency>{frequency}</sr:ScheduleFrequency>")
            .Replace("<sr:ScheduleStartDate>2015-01-02</sr:ScheduleStartDate>", $"<sr:ScheduleStartDate>{start}</sr:ScheduleStartDate>"
                + (time is null ? "" : $"<sr:ScheduleExecutionStartTime>{time}</sr:ScheduleExecutionStartTime>"))), DuisEndpoint.ServiceD);
        return long.Parse(Rig.Field(rig.CheckedResponse(created.ResponseBytes!), "DSPScheduleID")!, CultureInfo.InvariantCulture);
    }

    // Runs every schedule due at each of the times, and returns the due time of each run made, in order.
    private static async Task<List<DateTimeOffset>> RunAtAsync(Rig rig, params DateTimeOffset[] times)
    {
        var runner = new DccScheduleRunner(rig.Store.Schedules, rig.Processor, rig.Clock);
        var runs = new List<DateTimeOffset>();
        foreach (var t in times)
        {
            rig.Clock.Now = t;
            foreach (var run in await runner.RunDueAsync())
            {
                Assert.Equal(DuisOutcomeKind.Accepted, run.Outcome.Kind);
                runs.Add(run.RunAt);
                // The device answers at once, so the next run is not held up by this one's pending request.
                var pending = rig.Store.PendingRequests.Find(run.RequestId!)!;
                Assert.True(await rig.Responses.FinishAsync(pending, pending.State, PendingState.Completed, "I0", [0xDD, 0, 0, 0]));
            }
        }
        return runs;
    }

    [SharedDataFact]
    public async Task A_monthly_schedule_from_the_31st_runs_on_the_last_day_of_short_months_and_returns_to_the_31st()
    {
        using var rig = new Rig();
        rig.Clock.Now = Utc(2025, 1, 30, 12);
        await CreateAsync(rig, 2000, "Monthly", "2025-01-31", "10:00:00Z");

        var runs = await RunAtAsync(rig, Utc(2025, 1, 31, 10), Utc(2025, 2, 28, 10), Utc(2025, 3, 28, 10), Utc(2025, 3, 31, 10), Utc(2025, 4, 30, 10));

        Assert.Equal([Utc(2025, 1, 31, 10), Utc(2025, 2, 28, 10), Utc(2025, 3, 31, 10), Utc(2025, 4, 30, 10)], runs);
    }

    [SharedDataFact]
    public async Task A_daily_schedule_at_0130_uk_time_runs_once_a_day_across_both_clock_changes()
    {
        using var rig = new Rig();
        rig.Clock.Now = Utc(2025, 3, 28, 12);
        var id = await CreateAsync(rig, 2000, "Daily", "2025-03-29", "01:30:00");
        // Each day from 29 March to 1 April, then 25 to 28 October, looked at every half hour.
        var passes = new List<DateTimeOffset>();
        foreach (var day in new[] { Utc(2025, 3, 29), Utc(2025, 10, 25) })
        {
            for (var t = day; t < day.AddDays(4); t = t.AddMinutes(30)) passes.Add(t);
        }

        var runs = await RunAtAsync(rig, passes.ToArray());

        Assert.Equal([
            Utc(2025, 3, 29, 1, 30), // GMT
            Utc(2025, 3, 30, 1, 30), // the clocks go forward at 01:00 GMT: 01:30 does not exist, the run is at 02:30 BST
            Utc(2025, 3, 31, 0, 30), // 01:30 BST
            Utc(2025, 4, 1, 0, 30),
            Utc(2025, 4, 2, 0, 30), // the pause from April to October is one run, made at the first pass after it
            Utc(2025, 10, 25, 0, 30),
            Utc(2025, 10, 26, 0, 30), // the clocks go back at 02:00 BST: 01:30 comes twice, the run is at the first
            Utc(2025, 10, 27, 1, 30), // 01:30 GMT
            Utc(2025, 10, 28, 1, 30),
        ], runs);
        // A run's log period is counted from its UK date: 00:30 UTC on 31 March is 31 March in the UK.
        var request = ScheduledRequestBuilder.Build(rig.Store.Schedules.Find(id)!, Utc(2025, 3, 31, 0, 30), 1);
        Assert.Equal("2025-03-30T00:00:00.00Z", request.GetElementsByTagName("StartDateTime", DuisNamespaces.ServiceUserGateway)[0]!.InnerText);
    }

    [SharedDataFact]
    public async Task A_daily_schedule_in_summer_created_at_0030_uk_time_is_due_at_2330_utc_the_day_before()
    {
        using var rig = new Rig(); // 1 June 2025, 12:00 UTC
        var id = await CreateAsync(rig, 2000, "Daily", "2025-06-01", "00:30:00");

        Assert.Equal(Utc(2025, 6, 1, 23, 30), rig.Store.Schedules.Find(id)!.NextRunAt);
        var request = ScheduledRequestBuilder.Build(rig.Store.Schedules.Find(id)!, Utc(2025, 6, 1, 23, 30), 1);
        Assert.Equal("2025-06-01T00:00:00.00Z", request.GetElementsByTagName("StartDateTime", DuisNamespaces.ServiceUserGateway)[0]!.InnerText);
    }
}
