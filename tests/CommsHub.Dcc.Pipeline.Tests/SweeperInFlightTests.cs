using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// A request being published reads Pending until its Sent mark is written. A sweep in that window, on this instance or
/// another, must not publish the command again: a bench of 2,000 hubs on a busy broker showed hubs and meters refusing
/// repeats as replays (each a HAN frame and a security-log entry). Only a request its instance never published (a
/// crash) is published again, once <see cref="TimeoutSweeperOptions.RepublishAfter"/> old.
/// </summary>
public sealed class SweeperInFlightTests
{
    private static string Down => Rig.DownTopic(Rig.Chf);

    // Waits until the publisher has seen the given number of publishes to the hub, or 5 s.
    private static async Task PublishesReach(RecordingPublisher mqtt, int count)
    {
        for (var i = 0; i < 500 && mqtt.On(Down).Count < count; i++) await Task.Delay(10);
    }

    [SharedDataFact]
    public async Task A_sweep_during_the_accepting_publish_does_not_publish_the_command_again()
    {
        using var rig = new Rig();
        var broker = new TaskCompletionSource();
        rig.Mqtt.Hold = broker.Task;
        var accepting = rig.Intake.ProcessAsync(rig.Signed(SweeperTests.Template, 1000), DuisEndpoint.ServiceS);
        await PublishesReach(rig.Mqtt, 1);
        Assert.Single(rig.Mqtt.On(Down));
        var request = rig.Store.PendingRequests.FindByCorrelation(Rig.Esme, Rig.Supplier, 1000)!;
        Assert.Equal(PendingState.Pending, request.State);

        // Long after it was accepted (the publish is slow), so only this instance's own knowledge can hold it back.
        rig.Clock.Now = rig.Clock.Now.AddSeconds(30);
        var sweep = rig.Sweeper.SweepAsync();
        await Task.WhenAny(sweep, PublishesReach(rig.Mqtt, 2));
        broker.SetResult();
        await accepting;

        Assert.Equal(0, (await sweep).Dispatched);
        Assert.Single(rig.Mqtt.On(Down));
        Assert.Equal(PendingState.Sent, rig.Store.PendingRequests.FindByCorrelation(Rig.Esme, Rig.Supplier, 1000)!.State);
    }

    [SharedDataFact]
    public async Task Another_instances_sweep_leaves_a_young_request_to_the_instance_publishing_it_and_recovers_it_after_a_crash()
    {
        using var rig = new Rig();
        var broker = new TaskCompletionSource();
        rig.Mqtt.Hold = broker.Task; // this instance's publish never completes: as if it died in it
        _ = rig.Intake.ProcessAsync(rig.Signed(SweeperTests.Template, 1000), DuisEndpoint.ServiceS);
        await PublishesReach(rig.Mqtt, 1);

        // A second instance on the same store: its own dispatcher and broker client, the same view of the hub.
        var other = new RecordingPublisher();
        var options = new TimeoutSweeperOptions();
        var sweeper = new TimeoutSweeper(rig.Store, new MqttCommandDispatcher(other, rig.Store.PendingRequests, rig.Presence),
            rig.Presence, rig.Responses, options, rig.Clock);

        rig.Clock.Now = rig.Clock.Now + options.RepublishAfter - TimeSpan.FromMilliseconds(1);
        Assert.Equal(0, (await sweeper.SweepAsync()).Dispatched);
        Assert.Empty(other.Published);

        rig.Clock.Now = rig.Clock.Now.AddMilliseconds(1);
        Assert.Equal(1, (await sweeper.SweepAsync()).Dispatched);
        Assert.Equal(Rig.Rtds(SweeperTests.Command), Assert.Single(other.On(Down)).Payload);
        broker.SetResult();
    }

    [SharedDataFact]
    public async Task A_request_held_for_an_offline_hub_is_published_as_soon_as_the_hub_is_back_however_young()
    {
        // Presence on the rig's clock (a zero start-up grace), so "back" is later than "accepted" on one clock.
        using var rig = new Rig(OfflineHubPolicy.Queue, startupGrace: TimeSpan.Zero);
        rig.Presence.Set(Rig.Chf, online: false);
        await rig.Intake.ProcessAsync(rig.Signed(SweeperTests.Template, 1000), DuisEndpoint.ServiceS);
        Assert.Empty(rig.Mqtt.Published);

        rig.Clock.Now = rig.Clock.Now.AddSeconds(1);
        Assert.True(rig.Presence.HandleStatus("chub/00DB1234567890A2/status", """{"state":"online","fw":"1.0"}"""u8));

        Assert.Equal(1, (await rig.Sweeper.SweepAsync()).Dispatched);
        Assert.Single(rig.Mqtt.On(Down));
    }
}
