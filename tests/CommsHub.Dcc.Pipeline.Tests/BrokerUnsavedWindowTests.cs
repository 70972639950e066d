using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// An external broker (Mosquitto) acknowledges an outcome once it holds it in memory, and saves only every
/// autosave_interval: with <see cref="UserOutboxOptions.BrokerUnsavedWindow"/> the outbox keeps what the broker
/// acknowledged for that window, sends it again when the adapter reconnects (the broker may have restarted and lost it),
/// and deletes it once the window has passed.
/// </summary>
public sealed class BrokerUnsavedWindowTests
{
    private const string Template = "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML";
    private const string RequestKey = "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000";
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(90);

    private static Task<(Rig Rig, UserOutbox Outbox, DuisAsyncResponses Responses, byte[] First)> Answered(TimeSpan window) =>
        Answered(window, new Rig());

    private static async Task<(Rig Rig, UserOutbox Outbox, DuisAsyncResponses Responses, byte[] First)> Answered(TimeSpan window, Rig rig,
        IDccStore? outboxStore = null, IUserDelivery? delivery = null)
    {
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);
        var outbox = new UserOutbox(outboxStore ?? rig.Store, delivery ?? new MqttUserDelivery(rig.Mqtt), new UserOutboxOptions { BrokerUnsavedWindow = window }, rig.Clock);
        var responses = new DuisAsyncResponses(rig.Store, rig.Writer, outbox);
        Assert.True(await responses.FinishAsync(rig.Store.PendingRequests.Find(RequestKey)!, PendingState.Sent, PendingState.TimedOut, "E21", null));
        return (rig, outbox, responses, Assert.Single(rig.Mqtt.On(Topic)).Payload);
    }

    private static string Topic => MqttUserDelivery.TopicFor(Rig.Supplier);

    [SharedDataFact]
    public async Task What_the_broker_acknowledged_is_sent_again_after_a_reconnect_within_the_window_and_deleted_after_it()
    {
        var (rig, outbox, _, first) = await Answered(Window);
        using var _rig = rig;
        var woken = 0;
        outbox.DueNow += () => woken++;

        Assert.True(outbox.Acknowledged(Rig.Supplier, first));
        // Kept, but not sent again on its own: the broker has it.
        rig.Clock.Now += TimeSpan.FromSeconds(60);
        Assert.Equal(0, (await outbox.PumpAsync()).Claimed);
        Assert.NotNull(rig.Store.Outbox.Find(DuisMessageKind.Response, RequestKey));
        Assert.Empty(outbox.Backlog());

        // The adapter reconnects (the broker restarted and may have lost it): the same bytes go out again at once.
        Assert.Equal(1, outbox.ResendUnsaved());
        Assert.Equal(1, woken);
        Assert.Equal(1, (await outbox.PumpAsync()).Sent);
        Assert.Equal(2, rig.Mqtt.On(Topic).Count);
        Assert.Equal(first, rig.Mqtt.On(Topic)[1].Payload);

        // The restarted broker acknowledges it (queued and written with the next round): handed over again, from now.
        Assert.True(outbox.QueueAcknowledged(Rig.Supplier, first));
        Assert.Equal(1, outbox.WriteAcknowledged());
        rig.Clock.Now += Window - TimeSpan.FromSeconds(1);
        Assert.Equal(0, (await outbox.PumpAsync()).Claimed);
        Assert.NotNull(rig.Store.Outbox.Find(DuisMessageKind.Response, RequestKey));

        // Past the window the broker has saved it: deleted, and a later reconnect sends nothing.
        rig.Clock.Now += TimeSpan.FromSeconds(2);
        await outbox.PumpAsync();
        Assert.Null(rig.Store.Outbox.Find(DuisMessageKind.Response, RequestKey));
        Assert.Equal(0, outbox.ResendUnsaved());
        Assert.Equal(0, (await outbox.PumpAsync()).Claimed);
        Assert.Equal(2, rig.Mqtt.On(Topic).Count);
        Assert.Equal(1, woken);
    }

    // The broker acknowledged the outcome, then crashed before saving it; the adapter reconnected and resent what it had
    // handed over, and only then read that PUBACK (it waited in the inbox, or in the acknowledgement queue). Handing it
    // over now would keep it from every send until the window deletes it: the outcome would be lost.
    [SharedDataFact]
    public async Task A_PUBACK_from_before_a_reconnect_read_after_its_resend_leaves_the_outcome_to_be_sent_again()
    {
        var (rig, outbox, _, first) = await Answered(Window);
        using var _rig = rig;

        Assert.Equal(0, outbox.ResendUnsaved());
        Assert.False(outbox.Acknowledged(Rig.Supplier, first));
        await AssertSentAgain(rig, outbox, first);
    }

    [SharedDataFact]
    public async Task A_PUBACK_queued_before_a_reconnect_and_written_after_its_resend_leaves_the_outcome_to_be_sent_again()
    {
        var (rig, outbox, _, first) = await Answered(Window);
        using var _rig = rig;

        Assert.True(outbox.QueueAcknowledged(Rig.Supplier, first));
        Assert.Equal(0, outbox.ResendUnsaved());
        Assert.Equal(0, outbox.WriteAcknowledged());
        await AssertSentAgain(rig, outbox, first);
    }

    // Inside a round's transaction a hand-over cannot tell whether a resend on another connection (PostgreSQL) has run
    // past its uncommitted rows: with a window, queued PUBACKs wait for commits of their own (OutboxAcknowledgements).
    [SharedDataFact]
    public async Task With_a_window_queued_PUBACKs_do_not_ride_on_a_round_of_finishes()
    {
        foreach (var (window, left) in new[] { (Window, 1), (TimeSpan.Zero, 0) })
        {
            var (rig, outbox, responses, first) = await Answered(window);
            using var _rig = rig;
            Assert.True(outbox.QueueAcknowledged(Rig.Supplier, first));
            await rig.Intake.ProcessAsync(rig.Signed(Template, 1001), DuisEndpoint.ServiceS);
            var second = rig.Store.PendingRequests.Find(RequestKey[..^4] + "1001")!;

            var gathering = responses.Gather();
            Task<bool> finishing;
            using (Gathering.Enter(gathering)) finishing = responses.FinishAsync(second, PendingState.Sent, PendingState.TimedOut, "E21", null);
            await Gathering.RunAllAsync(gathering);
            Assert.True(await finishing);

            Assert.Equal(left, outbox.AcknowledgementsWaiting);
            // Written alone (with the window: handed over, kept) or already on the round's commit (without: deleted).
            Assert.Equal(left, outbox.WriteAcknowledged());
            Assert.Equal(window > TimeSpan.Zero, rig.Store.Outbox.Find(DuisMessageKind.Response, RequestKey) is not null);
        }
    }

    // The reconnect's resend runs while the hand-over of a PUBACK read before it is being written, and reads the rows
    // before that write lands.
    [SharedDataFact]
    public async Task A_reconnect_whose_resend_runs_during_the_hand_over_still_gets_the_outcome_sent_again()
    {
        var rig = new Rig();
        using var _rig = rig;
        var store = new ResendDuringHandOver(rig.Store);
        var (_, outbox, _, first) = await Answered(Window, rig, store);
        store.During = () => outbox.ResendUnsaved();

        Assert.True(outbox.Acknowledged(Rig.Supplier, first));
        await AssertSentAgain(rig, outbox, first);
    }

    // A pass sends a message again; the broker's PUBACK of it is recorded (the inbox, then the next round's commit) before
    // the pass gets to schedule the message's next attempt. It must stay handed over: not sent once more at that backoff.
    [SharedDataFact]
    public async Task A_resend_whose_PUBACK_is_recorded_before_its_pass_schedules_it_stays_handed_over()
    {
        var rig = new Rig();
        using var _rig = rig;
        var delivery = new AcknowledgedDuringPublish(new MqttUserDelivery(rig.Mqtt));
        var (_, outbox, _, first) = await Answered(Window, rig, delivery: delivery);
        delivery.Outbox = outbox;

        rig.Clock.Now += outbox.Options.FirstRetry;
        Assert.Equal(1, (await outbox.PumpAsync()).Sent);
        Assert.Equal(1, outbox.Acknowledgements);
        rig.Clock.Now += outbox.Backoff(2);
        Assert.Equal(0, (await outbox.PumpAsync()).Claimed);
        Assert.Equal(2, rig.Mqtt.On(Topic).Count);
        // Still kept for a reconnect within the window.
        Assert.Equal(1, outbox.ResendUnsaved());
    }

    /// <summary>Publishes, then records the broker's PUBACK at once (when <see cref="Outbox"/> is set).</summary>
    private sealed class AcknowledgedDuringPublish(IUserDelivery inner) : IUserDelivery
    {
        public UserOutbox? Outbox { get; set; }

        public async Task<DeliveryReceipt> DeliverAsync(DuisDelivery delivery, CancellationToken cancellationToken = default)
        {
            var receipt = await inner.DeliverAsync(delivery, cancellationToken);
            Outbox?.Acknowledged(delivery.UserEui, delivery.Xml);
            return receipt;
        }
    }

    // Sent again without another reconnect, the same bytes, and not deleted as saved by the broker meanwhile.
    private static async Task AssertSentAgain(Rig rig, UserOutbox outbox, byte[] first)
    {
        rig.Clock.Now += outbox.Options.MaxRetry;
        Assert.Equal(1, (await outbox.PumpAsync()).Sent);
        Assert.Equal(2, rig.Mqtt.On(Topic).Count);
        Assert.Equal(first, rig.Mqtt.On(Topic)[1].Payload);
        Assert.NotNull(rig.Store.Outbox.Find(DuisMessageKind.Response, RequestKey));
    }

    /// <summary>Runs <see cref="During"/> (once) just before a hand-over's statement.</summary>
    private sealed class ResendDuringHandOver(IDccStore inner) : DelegatingStore(inner)
    {
        public Action? During { get; set; }

        public override IUserOutboxStore Outbox => new HandOver(Inner.Outbox, this);

        private sealed class HandOver(IUserOutboxStore inner, ResendDuringHandOver owner) : DelegatingOutboxStore(inner)
        {
            public override int HandOverAll(IReadOnlyCollection<(DuisMessageKind Kind, string Key)> messages, DateTimeOffset at)
            {
                var during = owner.During;
                owner.During = null;
                during?.Invoke();
                return base.HandOverAll(messages, at);
            }
        }
    }

    [SharedDataFact]
    public async Task Without_a_window_what_is_acknowledged_is_deleted_and_a_reconnect_resends_nothing()
    {
        var (rig, outbox, _, first) = await Answered(TimeSpan.Zero);
        using var _rig = rig;

        Assert.True(outbox.Acknowledged(Rig.Supplier, first));
        Assert.Null(rig.Store.Outbox.Find(DuisMessageKind.Response, RequestKey));
        Assert.Equal(0, outbox.ResendUnsaved());
        Assert.Equal(0, (await outbox.PumpAsync()).Claimed);
        Assert.Single(rig.Mqtt.On(Topic));
    }

    [SharedDataFact]
    public async Task An_answer_the_broker_never_acknowledged_is_resent_by_the_backoff_as_before()
    {
        var (rig, outbox, _, first) = await Answered(Window);
        using var _rig = rig;

        Assert.Equal(0, outbox.ResendUnsaved());
        rig.Clock.Now += outbox.Options.FirstRetry;
        Assert.Equal(1, (await outbox.PumpAsync()).Sent);
        Assert.Equal(first, rig.Mqtt.On(Topic)[1].Payload);
        Assert.Single(outbox.Backlog());
    }

    [Fact]
    public void A_negative_window_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new UserOutboxOptions { BrokerUnsavedWindow = TimeSpan.FromSeconds(-1) }.Validate());
    }
}
