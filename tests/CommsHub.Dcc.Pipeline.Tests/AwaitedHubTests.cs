using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// Presence as with the embedded broker, which has no hub's session after the adapter starts: a hub not seen since then
/// is awaited for the start-up grace (its requests held, neither published to nobody nor answered E20), released when
/// it announces itself, and offline once the grace is over.
/// </summary>
public sealed class AwaitedHubTests
{
    private const string Template = SweeperTests.Template, Command = SweeperTests.Command, Response = SweeperTests.Response;
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);

    private static string CodeOf(Rig rig, DuisDelivery d) => Rig.Field(rig.CheckedResponse(d.Xml), "ResponseCode")!;

    private static PendingRequest Request(Rig rig) => rig.Store.PendingRequests.FindByCorrelation(Rig.Esme, Rig.Supplier, 1000)!;

    [SharedDataFact]
    public async Task A_request_for_an_awaited_hub_is_held_then_published_when_the_hub_announces_itself_and_answered_I0()
    {
        using var rig = new Rig(startupGrace: Grace);
        var reconnected = 0;
        rig.Presence.Reconnected += _ => reconnected++;
        rig.Clock.Now = rig.Clock.Now.AddSeconds(20);
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);

        // Held: not published, not answered E20 (FailWithE20 is the policy), by the intake or any sweep within the grace.
        Assert.Empty(rig.Mqtt.Published);
        Assert.Equal(PendingState.Pending, Request(rig).State);
        rig.Clock.Now = rig.Clock.Now.AddSeconds(30);
        Assert.Equal(new SweepResult(0, 0, 0), await rig.Sweeper.SweepAsync());
        Assert.Empty(rig.Mqtt.Published);
        Assert.Empty(rig.Delivery.Delivered);

        // The hub's first online status wakes the sweeper, which publishes the held command.
        Assert.True(rig.Presence.HandleStatus(Protocol.Wan.WanTopics.Status(Rig.Chf), """{"state":"online"}"""u8));
        Assert.Equal(1, reconnected);
        Assert.Equal(new SweepResult(0, 0, 1), await rig.Sweeper.SweepAsync());
        Assert.Equal(Rig.Rtds(Command), Assert.Single(rig.Mqtt.On(Rig.DownTopic(Rig.Chf))).Payload);
        Assert.Equal(CorrelationOutcome.Delivered, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), Rig.Rtds(Response)));
        Assert.Equal("I0", CodeOf(rig, Assert.Single(rig.Delivery.Delivered)));
    }

    [SharedDataFact]
    public async Task The_deadline_of_a_request_for_an_awaited_hub_is_extended_by_what_is_left_of_the_grace()
    {
        using var rig = new Rig(startupGrace: Grace);
        rig.Clock.Now = rig.Clock.Now.AddSeconds(20);
        var accepted = rig.Clock.Now;
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);

        // 40 s of the grace left, then the full 60 s response timeout once published.
        Assert.Equal(accepted + TimeSpan.FromSeconds(40) + TimeSpan.FromSeconds(60), Request(rig).Deadline);
        // A hub that announced itself gets the plain response timeout.
        rig.Presence.Set(Rig.Chf, online: true);
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1001), DuisEndpoint.ServiceS);
        Assert.Equal(accepted + TimeSpan.FromSeconds(60), rig.Store.PendingRequests.FindByCorrelation(Rig.Esme, Rig.Supplier, 1001)!.Deadline);
    }

    [SharedDataFact]
    public async Task A_hub_still_unseen_when_the_grace_is_over_is_offline_and_its_request_answered_E20()
    {
        using var rig = new Rig(startupGrace: Grace);
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);
        rig.Clock.Now = rig.Clock.Now.AddSeconds(59);
        Assert.Equal(new SweepResult(0, 0, 0), await rig.Sweeper.SweepAsync());

        rig.Clock.Now = rig.Clock.Now.AddSeconds(1);
        Assert.False(rig.Presence.IsOnline(Rig.Chf));
        Assert.Equal(TimeSpan.Zero, rig.Presence.AwaitedFor(Rig.Chf));
        Assert.Equal(new SweepResult(0, 1, 0), await rig.Sweeper.SweepAsync());
        Assert.Empty(rig.Mqtt.On(Rig.DownTopic(Rig.Chf)));
        Assert.Equal("E20", CodeOf(rig, Assert.Single(rig.Delivery.Delivered)));
        Assert.Equal(PendingState.Failed, Request(rig).State);
    }

    [SharedDataFact]
    public async Task Under_Queue_a_request_for_an_awaited_hub_gets_the_queue_time_and_is_released_after_the_grace_too()
    {
        using var rig = new Rig(OfflineHubPolicy.Queue, startupGrace: Grace);
        var accepted = rig.Clock.Now;
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);
        Assert.Equal(accepted + TimeSpan.FromHours(1) + TimeSpan.FromSeconds(60), Request(rig).Deadline);

        // Past the grace the hub is offline, and under Queue its request stays queued ...
        rig.Clock.Now = rig.Clock.Now.AddMinutes(10);
        Assert.Equal(new SweepResult(0, 0, 0), await rig.Sweeper.SweepAsync());
        Assert.Empty(rig.Mqtt.Published);

        // ... until the hub's first appearance, which counts as a reconnection.
        var reconnected = 0;
        rig.Presence.Reconnected += _ => reconnected++;
        Assert.True(rig.Presence.HandleStatus(Protocol.Wan.WanTopics.Status(Rig.Chf), """{"state":"online"}"""u8));
        Assert.Equal(1, reconnected);
        Assert.Equal(new SweepResult(0, 0, 1), await rig.Sweeper.SweepAsync());
        Assert.Single(rig.Mqtt.On(Rig.DownTopic(Rig.Chf)));
    }

    [Fact]
    public void Presence_awaits_only_unseen_hubs_only_within_the_grace_and_not_at_all_without_one()
    {
        var clock = new ManualClock(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var presence = new HubPresence(Grace, clock);
        const ulong unseen = 0x00DB1234567890A2UL, seen = 0x00DB1234567890B2UL, gone = 0x00DB1234567890C2UL;
        presence.Set(seen, online: true);
        presence.Set(gone, online: false);
        clock.Now = clock.Now.AddSeconds(15);

        Assert.Equal((false, TimeSpan.FromSeconds(45)), (presence.IsOnline(unseen), presence.AwaitedFor(unseen)));
        Assert.Equal((true, TimeSpan.Zero), (presence.IsOnline(seen), presence.AwaitedFor(seen)));
        Assert.Equal((false, TimeSpan.Zero), (presence.IsOnline(gone), presence.AwaitedFor(gone)));
        // A wall clock set back never makes the wait longer than the grace.
        clock.Now = clock.Now.AddHours(-1);
        Assert.Equal(Grace, presence.AwaitedFor(unseen));
        clock.Now = clock.Now.AddHours(1).AddSeconds(45);
        Assert.Equal((false, TimeSpan.Zero), (presence.IsOnline(unseen), presence.AwaitedFor(unseen)));

        // Without a grace (an external broker keeps the hubs' sessions) a hub never heard of is online, never awaited.
        var external = new HubPresence();
        Assert.Equal((true, TimeSpan.Zero), (external.IsOnline(unseen), external.AwaitedFor(unseen)));
        var reconnected = 0;
        external.Reconnected += _ => reconnected++;
        external.Set(unseen, online: true);
        Assert.Equal(0, reconnected);
        Assert.Throws<ArgumentOutOfRangeException>(() => new HubPresence(TimeSpan.FromSeconds(-1), clock));
    }
}
