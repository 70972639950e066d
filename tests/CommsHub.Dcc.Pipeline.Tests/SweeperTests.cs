using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>E21 on no answer, E20 for an offline hub, and the queued mode.</summary>
public sealed class SweeperTests
{
    // Internal: the awaited-hub tests (AwaitedHubTests) send the same read.
    internal const string Template = "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML";
    internal const string Command = "4.1.1_ECS17b/ECS17b_4.1.1_SINGLE_SUCCESS_COMMAND_GBCS.HEX";
    internal const string Response = "4.1.1_ECS17b/ECS17b_4.1.1_SINGLE_SUCCESS_RESPONSE_GBCS.HEX";

    private static void AssertDelivered(Rig rig, DuisDelivery d, string code)
    {
        var doc = rig.CheckedResponse(d.Xml);
        Assert.Equal(code, Rig.Field(doc, "ResponseCode"));
        Assert.Equal("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000", Rig.Field(doc, "RequestID"));
        Assert.Null(Rig.Field(doc, "GBCSPayload"));
    }

    [SharedDataFact]
    public async Task No_response_by_the_deadline_is_E21_once()
    {
        using var rig = new Rig();
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);

        rig.Clock.Now = rig.Clock.Now.AddSeconds(59);
        Assert.Equal(new SweepResult(0, 0, 0), await rig.Sweeper.SweepAsync());
        rig.Clock.Now = rig.Clock.Now.AddSeconds(1);
        Assert.Equal(new SweepResult(1, 0, 0), await rig.Sweeper.SweepAsync());
        Assert.Equal(new SweepResult(0, 0, 0), await rig.Sweeper.SweepAsync());

        AssertDelivered(rig, Assert.Single(rig.Delivery.Delivered), "E21");
        var p = rig.Store.PendingRequests.FindByCorrelation(Rig.Esme, Rig.Supplier, 1000)!;
        Assert.Equal((PendingState.TimedOut, "E21"), (p.State, p.ResponseCode));
        // A response arriving after E21 is not delivered as well.
        Assert.Equal(CorrelationOutcome.Duplicate, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), Rig.Rtds(Response)));
        Assert.Single(rig.Delivery.Delivered);
    }

    [SharedDataFact]
    public async Task After_an_overload_every_overdue_request_is_answered_by_one_sweep_batch_after_batch()
    {
        using var rig = new Rig();
        TimeoutSweeper Sweeper(TimeSpan budget) => new(rig.Store, rig.Dispatcher, rig.Presence,
            rig.Responses,
            new TimeoutSweeperOptions { BatchSize = 2, MaxOverdueTime = budget }, rig.Clock);
        for (ulong c = 1000; c < 1009; c++) await rig.Intake.ProcessAsync(rig.Signed(Template, c), DuisEndpoint.ServiceS);
        rig.Clock.Now = rig.Clock.Now.AddSeconds(60);

        // A zero time budget still finishes one batch per sweep (the old rate) ...
        Assert.Equal(new SweepResult(2, 0, 0), await Sweeper(TimeSpan.Zero).SweepAsync());
        // ... and with the budget one sweep finishes the other seven, in batches of two.
        Assert.Equal(new SweepResult(7, 0, 0), await Sweeper(TimeSpan.FromSeconds(30)).SweepAsync());
        Assert.Equal(9, rig.Delivery.Delivered.Count(d => rig.CheckedResponse(d.Xml) is var doc && Rig.Field(doc, "ResponseCode") == "E21"));
        Assert.Equal(new SweepResult(0, 0, 0), await rig.Sweeper.SweepAsync());
    }

    // Request 1000 accepted, then finished E21 by a sweep at its deadline; returns that deadline.
    private static async Task<DateTimeOffset> TimedOut(Rig rig, TimeoutSweeper sweeper)
    {
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);
        rig.Clock.Now = rig.Clock.Now.AddSeconds(60);
        Assert.Equal(new SweepResult(1, 0, 0), await sweeper.SweepAsync());
        return rig.Store.PendingRequests.FindByCorrelation(Rig.Esme, Rig.Supplier, 1000)!.Deadline;
    }

    [SharedDataFact]
    public async Task A_finished_request_is_deleted_once_past_its_retention_and_a_late_response_is_then_unmatched()
    {
        using var rig = new Rig();
        var deadline = await TimedOut(rig, rig.Sweeper);

        // Kept through the retention (7 days past the deadline by default) ...
        rig.Clock.Now = deadline.AddDays(7);
        Assert.Equal(new SweepResult(0, 0, 0), await rig.Sweeper.SweepAsync());
        Assert.NotNull(rig.Store.PendingRequests.FindByCorrelation(Rig.Esme, Rig.Supplier, 1000));
        // ... and deleted by the first sweep after it; its audit entry stays.
        rig.Clock.Now = deadline.AddDays(7).AddTicks(1);
        Assert.Equal(new SweepResult(0, 0, 0) { PurgedFinished = 1 }, await rig.Sweeper.SweepAsync());
        Assert.Null(rig.Store.PendingRequests.FindByCorrelation(Rig.Esme, Rig.Supplier, 1000));
        Assert.NotEmpty(rig.Store.Audit.Read(Rig.Supplier));
        Assert.Equal(CorrelationOutcome.Unmatched, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), Rig.Rtds(Response)));
        Assert.Single(rig.Delivery.Delivered); // the E21 only
    }

    [SharedDataFact]
    public async Task A_schedule_run_record_goes_with_its_purged_request_and_not_before()
    {
        using var rig = new Rig();
        var deadline = await TimedOut(rig, rig.Sweeper);
        var request = rig.Store.PendingRequests.FindByCorrelation(Rig.Esme, Rig.Supplier, 1000)!;
        var schedule = rig.Store.Schedules.Add(new CommsHub.Dcc.Schedules.DccSchedule(0, Rig.Supplier, Rig.Esme, "4.1.1",
            CommsHub.Dcc.Schedules.ScheduleFrequency.Daily, new DateOnly(2025, 1, 1), null, "<x/>", request.CreatedAt, null));
        rig.Store.Schedules.RecordRun(request.RequestId, schedule, request.CreatedAt);

        rig.Clock.Now = deadline.AddDays(7);
        Assert.Equal(new SweepResult(0, 0, 0), await rig.Sweeper.SweepAsync()); // the request is still stored
        Assert.Equal(schedule, rig.Store.Schedules.ScheduleOfRun(request.RequestId));
        rig.Clock.Now = deadline.AddDays(7).AddTicks(1);
        Assert.Equal(new SweepResult(0, 0, 0) { PurgedFinished = 1, PurgedScheduleRuns = 1 }, await rig.Sweeper.SweepAsync());
        Assert.Null(rig.Store.Schedules.ScheduleOfRun(request.RequestId));
    }

    [SharedDataFact]
    public async Task With_retention_zero_finished_requests_are_kept()
    {
        using var rig = new Rig();
        var sweeper = new TimeoutSweeper(rig.Store, rig.Dispatcher, rig.Presence,
            new DuisAsyncResponses(rig.Store, rig.Writer, rig.Delivery),
            new TimeoutSweeperOptions { FinishedRetention = TimeSpan.Zero }, rig.Clock);
        rig.Clock.Now = (await TimedOut(rig, sweeper)).AddDays(3650);
        Assert.Equal(new SweepResult(0, 0, 0), await sweeper.SweepAsync());
        Assert.NotNull(rig.Store.PendingRequests.FindByCorrelation(Rig.Esme, Rig.Supplier, 1000));
    }

    [SharedDataFact]
    public async Task Offline_hub_gets_E20()
    {
        using var rig = new Rig();
        Assert.True(rig.Presence.HandleStatus(Rig.UpTopic(Rig.Chf).Replace("/up", "/status"), """{"state":"offline"}"""u8));
        var result = await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);
        Assert.Equal("I99", result.ResponseCode);
        Assert.Empty(rig.Mqtt.Published);

        Assert.Equal(new SweepResult(0, 1, 0), await rig.Sweeper.SweepAsync());

        AssertDelivered(rig, Assert.Single(rig.Delivery.Delivered), "E20");
        Assert.Equal(PendingState.Failed, rig.Store.PendingRequests.FindByCorrelation(Rig.Esme, Rig.Supplier, 1000)!.State);
    }

    [SharedDataFact]
    public async Task Queued_mode_publishes_on_reconnect_and_delivers_the_response()
    {
        using var rig = new Rig(OfflineHubPolicy.Queue);
        rig.Presence.Set(Rig.Chf, online: false);
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);
        rig.Clock.Now = rig.Clock.Now.AddMinutes(5); // past the normal 60 s deadline: queued requests wait longer

        Assert.Equal(new SweepResult(0, 0, 0), await rig.Sweeper.SweepAsync());
        Assert.Empty(rig.Mqtt.Published);

        var reconnected = 0;
        rig.Presence.Reconnected += _ => reconnected++;
        Assert.True(rig.Presence.HandleStatus("chub/00DB1234567890A2/status", """{"state":"online","fw":"1.0"}"""u8));
        Assert.Equal(1, reconnected);
        Assert.Equal(new SweepResult(0, 0, 1), await rig.Sweeper.SweepAsync());
        Assert.Equal(Rig.Rtds(Command), Assert.Single(rig.Mqtt.On(Rig.DownTopic(Rig.Chf))).Payload);

        Assert.Equal(CorrelationOutcome.Delivered, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), Rig.Rtds(Response)));
        Assert.Equal("I0", Rig.Field(rig.CheckedResponse(Assert.Single(rig.Delivery.Delivered).Xml), "ResponseCode"));
    }

    [SharedDataFact]
    public async Task Queued_request_whose_hub_never_returns_gets_E20_after_the_queue_time()
    {
        using var rig = new Rig(OfflineHubPolicy.Queue);
        rig.Presence.Set(Rig.Chf, online: false);
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);
        rig.Clock.Now = rig.Clock.Now.AddHours(1).AddSeconds(60);

        Assert.Equal(new SweepResult(0, 1, 0), await rig.Sweeper.SweepAsync());
        AssertDelivered(rig, Assert.Single(rig.Delivery.Delivered), "E20");
    }
}
