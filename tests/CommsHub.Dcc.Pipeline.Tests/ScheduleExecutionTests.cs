using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Schedules;
using CommsHub.Protocol.Framing;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>A DCC schedule runs when due on a fake clock: once per period, through the normal pipeline to the device.</summary>
public sealed class ScheduleExecutionTests
{
    [SharedDataFact]
    public async Task A_daily_schedule_runs_its_read_once_at_each_due_time_and_the_command_goes_to_the_hub()
    {
        using var rig = new Rig();
        var created = await rig.Intake.ProcessAsync(rig.Signed("ECS21a_5.1._DCC_SCHEDULED_REQUEST_DUIS.XML", 2000), DuisEndpoint.ServiceD);
        var id = long.Parse(Rig.Field(rig.CheckedResponse(created.ResponseBytes!), "DSPScheduleID")!, System.Globalization.CultureInfo.InvariantCulture);
        var runner = new DccScheduleRunner(rig.Store.Schedules, rig.Processor, rig.Clock);

        Assert.Empty(await runner.RunDueAsync()); // 12:00: the first run is at midnight
        Assert.Empty(rig.Mqtt.On(Rig.DownTopic(Rig.Chf)));

        rig.Clock.Now = new DateTimeOffset(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);
        var run = Assert.Single(await runner.RunDueAsync());
        Assert.Equal((id, rig.Clock.Now, DuisOutcomeKind.Accepted, "I99"), (run.ScheduleId, run.RunAt, run.Outcome.Kind, run.Outcome.ResponseCode));
        // The run is the user's 4.6.1 to the meter, sent as ECS21a with the log period of the day before the run.
        var pending = rig.Store.PendingRequests.Find(run.RequestId!)!;
        Assert.Equal((Rig.Supplier, Rig.Esme, "4.6.1"), (pending.UserEui, pending.DeviceEui, pending.Srv));
        var command = GbcsFrameParser.Parse(Assert.Single(rig.Mqtt.On(Rig.DownTopic(Rig.Chf))).Payload);
        Assert.Equal(Rig.Esme, command.Target);
        Assert.Equal(new DateTimeOffset(2025, 6, 3, 0, 0, 0, TimeSpan.Zero), rig.Store.Schedules.Find(id)!.NextRunAt);
        Assert.Empty(await runner.RunDueAsync()); // the same instant again: the run was claimed once

        // A second instance on the same store finds nothing due until the next day, then one of the two runs it.
        var other = new DccScheduleRunner(rig.Store.Schedules, rig.Processor, rig.Clock);
        rig.Clock.Now = rig.Clock.Now.AddDays(3);
        Assert.Single(await other.RunDueAsync()); // three missed days are one run, not three
        Assert.Empty(await runner.RunDueAsync());
        Assert.Equal(new DateTimeOffset(2025, 6, 6, 0, 0, 0, TimeSpan.Zero), rig.Store.Schedules.Find(id)!.NextRunAt);
        // A run does not touch the user's own replay counter: the user's next request with counter 2001 is accepted.
        Assert.Equal("I0", (await rig.Intake.ProcessAsync(rig.Signed("5.2_READ_SCHEDULE_REQUEST_DUIS.XML", 2001,
            edit: t => t.Replace(">123<", $">{id}<")), DuisEndpoint.ServiceD)).ResponseCode);
    }

    // The user's daily schedule from 2025-06-02 to its end date 2025-06-03: two runs, at midnight. Its DSPScheduleID.
    private static async Task<long> TwoDayScheduleAsync(Rig rig)
    {
        var created = await rig.Intake.ProcessAsync(rig.Signed("ECS21a_5.1._DCC_SCHEDULED_REQUEST_DUIS.XML", 2000, edit: t => t.Replace(
            "<sr:ScheduleStartDate>2015-01-02</sr:ScheduleStartDate>", "<sr:ScheduleStartDate>2025-06-02</sr:ScheduleStartDate><sr:ScheduleEndDate>2025-06-03</sr:ScheduleEndDate>")),
            DuisEndpoint.ServiceD);
        return long.Parse(Rig.Field(rig.CheckedResponse(created.ResponseBytes!), "DSPScheduleID")!, System.Globalization.CultureInfo.InvariantCulture);
    }

    [SharedDataFact]
    public async Task A_deleted_schedule_no_longer_runs_and_one_past_its_end_date_stops()
    {
        using var rig = new Rig();
        var id = await TwoDayScheduleAsync(rig);
        var runner = new DccScheduleRunner(rig.Store.Schedules, rig.Processor, rig.Clock);

        rig.Clock.Now = new DateTimeOffset(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);
        Assert.Single(await runner.RunDueAsync());
        rig.Clock.Now = rig.Clock.Now.AddDays(1);
        Assert.Single(await runner.RunDueAsync()); // the end date is the last day
        Assert.Null(rig.Store.Schedules.Find(id)!.NextRunAt);
        rig.Clock.Now = rig.Clock.Now.AddDays(1);
        Assert.Empty(await runner.RunDueAsync());

        var again = await rig.Intake.ProcessAsync(rig.Signed("ECS21a_5.1._DCC_SCHEDULED_REQUEST_DUIS.XML", 2001), DuisEndpoint.ServiceD);
        var second = long.Parse(Rig.Field(rig.CheckedResponse(again.ResponseBytes!), "DSPScheduleID")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(rig.Store.Schedules.Delete(second, Rig.Supplier));
        rig.Clock.Now = rig.Clock.Now.AddDays(1);
        Assert.Empty(await runner.RunDueAsync());
    }

    [SharedDataFact]
    public async Task A_run_the_store_failed_to_record_stays_due_and_runs_at_the_next_pass()
    {
        using var rig = new Rig();
        var id = await TwoDayScheduleAsync(rig);
        var failing = new DuisRequestProcessor(new WrappedStore(rig.Store, unit: u => new FailingCommit(u)), rig.Schema, rig.Signers,
            rig.Transformer, rig.Writer, rig.Dispatcher, new DuisProcessorOptions { Presence = rig.Presence }, time: rig.Clock);
        var runner = new DccScheduleRunner(rig.Store.Schedules, rig.Processor, rig.Clock);

        foreach (var day in new[] { 2, 3 }) // an ordinary run, then the last one (its schedule then has no next run)
        {
            var due = new DateTimeOffset(2025, 6, day, 0, 0, 0, TimeSpan.Zero);
            rig.Clock.Now = due;
            var lost = Assert.Single(await new DccScheduleRunner(rig.Store.Schedules, failing, rig.Clock).RunDueAsync());
            Assert.Equal(DuisOutcomeKind.Unavailable, lost.Outcome.Kind);
            Assert.Equal(due, rig.Store.Schedules.Find(id)!.NextRunAt); // given back: still due

            rig.Clock.Now = due.AddSeconds(30); // the next pass
            var run = Assert.Single(await runner.RunDueAsync());
            Assert.Equal((DuisOutcomeKind.Accepted, due), (run.Outcome.Kind, run.RunAt));
            Assert.NotNull(rig.Store.PendingRequests.Find(run.RequestId!));
        }
        Assert.Null(rig.Store.Schedules.Find(id)!.NextRunAt);
        Assert.Equal(2, rig.Mqtt.On(Rig.DownTopic(Rig.Chf)).Count);
    }

    // A pass of another instance, started on its own thread and frozen as it begins the due run's unit of work, until
    // resume is set.
    private static Task<IReadOnlyList<ScheduledRun>> PassFrozenBeforeItsDecision(Rig rig, ManualResetEventSlim resume)
    {
        var reached = new ManualResetEventSlim(); // not disposed: the store sets it at every unit of work it begins
        var frozen = new DuisRequestProcessor(new FreezingStore(rig.Store, reached, resume), rig.Schema, rig.Signers, rig.Transformer, rig.Writer,
            rig.Dispatcher, new DuisProcessorOptions { Presence = rig.Presence }, time: rig.Clock);
        var pass = Task.Run(() => new DccScheduleRunner(rig.Store.Schedules, frozen, rig.Clock).RunDueAsync());
        Assert.True(reached.Wait(TimeSpan.FromSeconds(30)));
        return pass;
    }

    [SharedDataFact]
    public async Task A_run_whose_instance_stops_before_its_decision_is_committed_is_made_by_another_instance_exactly_once()
    {
        using var rig = new Rig();
        var id = await TwoDayScheduleAsync(rig);
        using var resume = new ManualResetEventSlim();
        var due = new DateTimeOffset(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);
        rig.Clock.Now = due;
        // Instance A stops (frozen, or killed: a transaction it had open would be rolled back) as it begins the run's decision.
        var a = PassFrozenBeforeItsDecision(rig, resume);

        // Instance B's next pass: nothing of A's run was kept, so the run is still due, and B makes it.
        rig.Clock.Now = due.AddSeconds(30);
        var run = Assert.Single(await new DccScheduleRunner(rig.Store.Schedules, rig.Processor, rig.Clock).RunDueAsync());
        Assert.Equal((DuisOutcomeKind.Accepted, due), (run.Outcome.Kind, run.RunAt));
        Assert.Equal(due.AddDays(1), rig.Store.Schedules.Find(id)!.NextRunAt);

        // A resumes (it was only slow): its claim fails inside its transaction, so it makes no second run.
        resume.Set();
        Assert.Empty(await a);
        Assert.Single(rig.Mqtt.On(Rig.DownTopic(Rig.Chf)));
        Assert.Equal(due.AddDays(1), rig.Store.Schedules.Find(id)!.NextRunAt);
    }

    [SharedDataFact]
    public async Task A_schedule_deleted_while_its_run_waits_to_be_decided_makes_no_run()
    {
        using var rig = new Rig();
        var id = await TwoDayScheduleAsync(rig);
        using var resume = new ManualResetEventSlim();
        rig.Clock.Now = new DateTimeOffset(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);
        var pass = PassFrozenBeforeItsDecision(rig, resume); // found due, its request built, its decision not begun

        Assert.True(rig.Store.Schedules.Delete(id, Rig.Supplier)); // the user's 5.3, answered I99
        resume.Set();

        Assert.Empty(await pass);
        Assert.Empty(rig.Mqtt.On(Rig.DownTopic(Rig.Chf)));
    }

    [SharedDataFact]
    public async Task A_run_refused_because_the_device_was_decommissioned_meanwhile_reaches_the_user_as_its_e_code()
    {
        using var rig = new Rig();
        var id = await TwoDayScheduleAsync(rig);
        rig.Store.Inventory.SetStatus(Rig.Esme, SmiStatus.Decommissioned, rig.Clock.Now);
        rig.Clock.Now = new DateTimeOffset(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);

        var run = Assert.Single(await new DccScheduleRunner(rig.Store.Schedules, rig.Processor, rig.Clock, rig.Responses).RunDueAsync());

        // Checked again at the run, as a live request: refused, nothing sent to the device.
        Assert.Equal((DuisOutcomeKind.Rejected, "E5"), (run.Outcome.Kind, run.Outcome.ResponseCode));
        Assert.Empty(rig.Mqtt.On(Rig.DownTopic(Rig.Chf)));
        // The refusal is the run's one outcome for the user: staged in the outbox with the decision (so a crash after the
        // commit still delivers it) and delivered under the run's RequestID, naming the schedule.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!rig.Delivery.Delivered.Any(d => d.Key == run.RequestId) && DateTime.UtcNow < deadline) await Task.Delay(20);
        var delivered = Assert.Single(rig.Delivery.Delivered, d => d.Key == run.RequestId);
        var doc = rig.CheckedResponse(delivered.Xml);
        Assert.Equal(("E5", id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (Rig.Field(doc, "ResponseCode"), Rig.Field(doc, "DSPScheduleID")));
        // The schedule goes on: the device may be recommissioned by the next run.
        Assert.Equal(rig.Clock.Now.AddDays(1), rig.Store.Schedules.Find(id)!.NextRunAt);
    }

    [SharedDataFact]
    public async Task A_run_that_fails_the_same_way_at_every_try_does_not_hold_up_the_schedules_due_after_it()
    {
        using var rig = new Rig();
        var broken = await TwoDayScheduleAsync(rig);
        rig.Clock.Now = new DateTimeOffset(2025, 6, 1, 18, 0, 0, TimeSpan.Zero);
        var created = await rig.Intake.ProcessAsync(rig.Signed("ECS21a_5.1._DCC_SCHEDULED_REQUEST_DUIS.XML", 2001, edit: t => t.Replace(
            "<sr:ScheduleStartDate>2015-01-02</sr:ScheduleStartDate>", "<sr:ScheduleStartDate>2015-01-02</sr:ScheduleStartDate><sr:ScheduleExecutionStartTime>00:10:00Z</sr:ScheduleExecutionStartTime>")),
            DuisEndpoint.ServiceD);
        var healthy = long.Parse(Rig.Field(rig.CheckedResponse(created.ResponseBytes!), "DSPScheduleID")!, System.Globalization.CultureInfo.InvariantCulture);
        // A defect that fails the broken schedule's runs (not the store: that would heal, and is retried).
        var runner = new DccScheduleRunner(new BrokenRuns(rig.Store.Schedules, broken), rig.Processor, rig.Clock);
        rig.Clock.Now = new DateTimeOffset(2025, 6, 2, 0, 10, 0, TimeSpan.Zero);

        var first = Assert.Single(await runner.RunDueAsync(limit: 1)); // the earliest due first
        var second = Assert.Single(await runner.RunDueAsync(limit: 1));

        Assert.Equal((broken, DuisOutcomeKind.Failed), (first.ScheduleId, first.Outcome.Kind));
        Assert.Equal((healthy, DuisOutcomeKind.Accepted), (second.ScheduleId, second.Outcome.Kind));
        // The failed run is not tried again at every pass; the schedule's next run is tried when due.
        Assert.Equal(new DateTimeOffset(2025, 6, 3, 0, 0, 0, TimeSpan.Zero), rig.Store.Schedules.Find(broken)!.NextRunAt);
    }

    [SharedDataFact]
    public async Task The_devices_answer_to_a_run_reaches_the_user_as_a_dsp_scheduled_message_with_the_schedule_id()
    {
        using var rig = new Rig();
        var created = await rig.Intake.ProcessAsync(rig.Signed("ECS21a_5.1._DCC_SCHEDULED_REQUEST_DUIS.XML", 2000), DuisEndpoint.ServiceD);
        var id = Rig.Field(rig.CheckedResponse(created.ResponseBytes!), "DSPScheduleID");
        rig.Clock.Now = new DateTimeOffset(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);
        var run = Assert.Single(await new DccScheduleRunner(rig.Store.Schedules, rig.Processor, rig.Clock).RunDueAsync());
        var pending = rig.Store.PendingRequests.Find(run.RequestId!)!;
        var answer = new byte[] { 0xDD, 0x00, 0x00, 0x00 }; // what the meter sent; the writer carries it as it is

        Assert.True(await rig.Responses.FinishAsync(pending, pending.State, PendingState.Completed, "I0", answer));

        var delivered = Assert.Single(rig.Delivery.Delivered, d => d.Key == run.RequestId);
        var doc = rig.CheckedResponse(delivered.Xml); // XSD-valid and DSP-signed
        var scheduled = (System.Xml.XmlElement)doc.GetElementsByTagName("DSPScheduledMessage", DuisNamespaces.ServiceUserGateway)[0]!;
        Assert.Equal(id, Rig.Field(doc, "DSPScheduleID"));
        Assert.Equal(Convert.ToBase64String(answer), scheduled.FirstChild!.InnerText);
        Assert.Equal(run.RequestId, Rig.Field(doc, "RequestID"));
        // An on-demand 4.6.1 of the same user is answered as before: a plain GBCSPayload.
        Assert.Null(rig.Store.Schedules.ScheduleOfRun("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1"));
    }
}

/// <summary>The real store, whose next unit of work waits, before it begins, for the test to let it go on.</summary>
internal sealed class FreezingStore(IDccStore inner, ManualResetEventSlim reached, ManualResetEventSlim resume) : DelegatingStore(inner)
{
    public override IDccUnitOfWork BeginUnitOfWork()
    {
        reached.Set();
        resume.Wait(TimeSpan.FromSeconds(30));
        return Inner.BeginUnitOfWork();
    }
}

/// <summary>The real schedule store, whose recording of one schedule's runs throws as a defect would.</summary>
internal sealed class BrokenRuns(IScheduleStore inner, long broken) : IScheduleStore
{
    public long Add(DccSchedule schedule) => inner.Add(schedule);
    public DccSchedule? Find(long id) => inner.Find(id);
    public IReadOnlyList<DccSchedule> OfUser(ulong user) => inner.OfUser(user);
    public bool Delete(long id, ulong user) => inner.Delete(id, user);
    public IReadOnlyList<DccSchedule> Due(DateTimeOffset now, int limit) => inner.Due(now, limit);
    public bool Advance(long id, DateTimeOffset? expected, DateTimeOffset? next) => inner.Advance(id, expected, next);
    public long? ScheduleOfRun(string requestId) => inner.ScheduleOfRun(requestId);
    public int PurgeRuns(DateTimeOffset runBefore, int limit) => inner.PurgeRuns(runBefore, limit);

    public void RecordRun(string requestId, long scheduleId, DateTimeOffset runAt)
    {
        if (scheduleId == broken) throw new NotSupportedException("a defect");
        inner.RecordRun(requestId, scheduleId, runAt);
    }
}
