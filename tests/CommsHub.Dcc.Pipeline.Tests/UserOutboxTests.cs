using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using CommsHub.Dcc.Transforms;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// The durable outbox of user outcomes: an answer is stored with the request's completion and stays until the user's side
/// has taken it, across a crash between completion and delivery, with the same bytes on every re-send.
/// </summary>
public sealed class UserOutboxTests
{
    private const string Template = "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML";
    private const string Response = "4.1.1_ECS17b/ECS17b_4.1.1_SINGLE_SUCCESS_RESPONSE_GBCS.HEX";
    private const string Cs14 = "NA_CS14/CS14_NA_8F12_ALERT_GBCS.HEX";
    private const string RequestKey = "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000";

    /// <summary>A delivery that dies, as the process would under kill -9 between the commit and the delivery.</summary>
    private sealed class CrashingDelivery : IUserDelivery
    {
        public int Calls;

        public Task<DeliveryReceipt> DeliverAsync(DuisDelivery delivery, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            throw new OperationCanceledException("the process died");
        }
    }

    /// <summary>An MQTT-only user: a publish is only Sent until the user's client acknowledges it.</summary>
    private static UserOutbox MqttOnly(Rig rig, IDccStore? store = null) =>
        new(store ?? rig.Store, new MqttUserDelivery(rig.Mqtt), time: rig.Clock);

    private static async Task<PendingRequest> Accepted(Rig rig)
    {
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);
        return rig.Store.PendingRequests.Find(RequestKey)!;
    }

    [SharedDataFact]
    public async Task An_answer_completed_just_before_a_crash_is_delivered_after_a_restart_on_the_same_database()
    {
        using var rig = new Rig();
        await Accepted(rig);
        var crashing = new CrashingDelivery();
        var beforeCrash = new ResponseCorrelator(rig.Store, new Protocol.Net.Crypto.NetGbcsCrypto(),
            new Protocol.Net.Crypto.DirectoryKeyStore(RtdsCorpus.KeystorePath), RtdsTestIdentities.AccessControlBroker,
            new DuisAsyncResponses(rig.Store, rig.Writer, new UserOutbox(rig.Store, crashing, time: rig.Clock)), rig.Clock);

        // Completed in the store, then the process dies inside the delivery: nothing reached the user.
        Assert.Equal(CorrelationOutcome.Delivered, await beforeCrash.HandleAsync(Rig.UpTopic(Rig.Chf), Rig.Rtds(Response)));
        Assert.Equal(1, crashing.Calls);
        Assert.Equal(PendingState.Completed, rig.Store.PendingRequests.Find(RequestKey)!.State);
        Assert.Empty(rig.Delivery.Delivered);

        // A new process on the same SQLite file: its outbox finds the answer due once the dead attempt's lease is over.
        using var restarted = SqliteDccStore.Open(rig.DataDirectory);
        var outbox = new UserOutbox(restarted, rig.Channels, time: rig.Clock);
        Assert.Equal(0, (await outbox.PumpAsync()).Claimed); // still leased to the attempt that died
        rig.Clock.Now += outbox.Options.FirstRetry;
        var pass = await outbox.PumpAsync();

        Assert.Equal((1, 1), (pass.Claimed, pass.Taken));
        var delivered = Assert.Single(rig.Delivery.Delivered);
        Assert.Equal((Rig.Supplier, DuisMessageKind.Response, RequestKey), (delivered.UserEui, delivered.Kind, delivered.Key));
        Assert.Equal("I0", Rig.Field(rig.CheckedResponse(delivered.Xml), "ResponseCode"));
        Assert.Null(restarted.Outbox.Find(DuisMessageKind.Response, RequestKey));
        Assert.Equal(0, (await outbox.PumpAsync()).Claimed);
    }

    [SharedDataFact]
    public async Task An_alert_accepted_just_before_a_crash_is_delivered_after_a_restart()
    {
        using var rig = new Rig();
        var beforeCrash = new ResponseCorrelator(rig.Store, new Protocol.Net.Crypto.NetGbcsCrypto(),
            new Protocol.Net.Crypto.DirectoryKeyStore(RtdsCorpus.KeystorePath), RtdsTestIdentities.AccessControlBroker,
            new DuisAsyncResponses(rig.Store, rig.Writer, new UserOutbox(rig.Store, new CrashingDelivery(), time: rig.Clock)), rig.Clock);
        var frame = Rig.Rtds(Cs14);
        Assert.Equal(CorrelationOutcome.AlertDelivered, await beforeCrash.HandleAsync(Rig.UpTopic(Rig.Chf), frame));
        // The hub's resend after the crash is a duplicate: the alert is already kept for its recipient.
        Assert.Equal(CorrelationOutcome.AlertDuplicate, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), frame));
        Assert.Empty(rig.Delivery.Delivered);

        using var restarted = SqliteDccStore.Open(rig.DataDirectory);
        rig.Clock.Now += rig.Outbox.Options.FirstRetry;
        Assert.Equal(1, (await new UserOutbox(restarted, rig.Channels, time: rig.Clock).PumpAsync()).Taken);
        var alert = Assert.Single(rig.Delivery.Delivered);
        Assert.Equal((Rig.Supplier, DuisMessageKind.DeviceAlert), (alert.UserEui, alert.Kind));
        Assert.Equal("8F12", Rig.Field(rig.CheckedResponse(alert.Xml), "AlertCode"));
    }

    [SharedDataFact]
    public async Task An_mqtt_answer_stays_until_the_users_puback_and_is_resent_with_backoff_until_then()
    {
        using var rig = new Rig();
        var request = await Accepted(rig);
        var outbox = MqttOnly(rig);
        var responses = new DuisAsyncResponses(rig.Store, rig.Writer, outbox);
        var topic = MqttUserDelivery.TopicFor(Rig.Supplier);

        Assert.True(await responses.FinishAsync(request, PendingState.Sent, PendingState.TimedOut, "E21", null));
        var first = Assert.Single(rig.Mqtt.On(topic)).Payload;
        Assert.NotNull(rig.Store.Outbox.Find(DuisMessageKind.Response, RequestKey)); // published, not acknowledged

        // No PUBACK: sent again after 10 s, then 20 s, then 40 s, each time the same bytes.
        rig.Clock.Now += TimeSpan.FromSeconds(10);
        Assert.Equal(1, (await outbox.PumpAsync()).Sent);
        Assert.Equal(0, (await outbox.PumpAsync()).Claimed); // not due again for 20 s
        rig.Clock.Now += TimeSpan.FromSeconds(19);
        Assert.Equal(0, (await outbox.PumpAsync()).Claimed);
        rig.Clock.Now += TimeSpan.FromSeconds(1);
        Assert.Equal(1, (await outbox.PumpAsync()).Sent);
        Assert.Equal(TimeSpan.FromSeconds(40), rig.Store.Outbox.Find(DuisMessageKind.Response, RequestKey)!.NextAttemptAt - rig.Clock.Now);
        Assert.Equal(3, rig.Mqtt.On(topic).Count);
        Assert.All(rig.Mqtt.On(topic), p => Assert.Equal(first, p.Payload));

        // Another user's PUBACK of the same bytes takes nothing; the user's own does.
        Assert.False(outbox.Acknowledged(Rig.NetworkOperator, first));
        Assert.True(outbox.Acknowledged(Rig.Supplier, first));
        Assert.Null(rig.Store.Outbox.Find(DuisMessageKind.Response, RequestKey));
        Assert.False(outbox.Acknowledged(Rig.Supplier, first)); // a second PUBACK (of a repeat) is harmless
        rig.Clock.Now += TimeSpan.FromHours(1);
        Assert.Equal(0, (await outbox.PumpAsync()).Claimed);
        Assert.Equal((1L, 3L), (outbox.Acknowledgements, outbox.Attempts));
    }

    [SharedDataFact]
    public async Task A_user_who_subscribes_gets_what_waits_for_it_at_once_instead_of_after_the_backoff()
    {
        using var rig = new Rig();
        var request = await Accepted(rig);
        var outbox = MqttOnly(rig);
        var woken = 0;
        outbox.DueNow += () => woken++;
        Assert.True(await new DuisAsyncResponses(rig.Store, rig.Writer, outbox).FinishAsync(request, PendingState.Sent, PendingState.TimedOut, "E21", null));
        Assert.Equal(0, (await outbox.PumpAsync()).Claimed);

        Assert.Equal(0, outbox.Wake(Rig.NetworkOperator));
        Assert.Equal(0, woken);
        Assert.Equal(1, outbox.Wake(Rig.Supplier));
        Assert.Equal(1, woken);
        Assert.Equal(1, (await outbox.PumpAsync()).Sent);
        Assert.Equal(2, rig.Mqtt.On(MqttUserDelivery.TopicFor(Rig.Supplier)).Count);
    }

    [SharedDataFact]
    public async Task What_a_user_never_collects_is_deleted_after_the_retention_and_reported()
    {
        using var rig = new Rig();
        var request = await Accepted(rig);
        var outbox = MqttOnly(rig);
        Assert.True(await new DuisAsyncResponses(rig.Store, rig.Writer, outbox).FinishAsync(request, PendingState.Sent, PendingState.TimedOut, "E21", null));
        var backlog = Assert.Single(outbox.Backlog());
        Assert.Equal((Rig.Supplier, 1, rig.Clock.Now, 1), (backlog.UserEui, backlog.Count, backlog.OldestCreatedAt, backlog.MaxAttempts));

        rig.Clock.Now += outbox.Options.Retention - TimeSpan.FromTicks(1);
        Assert.Empty((await outbox.PumpAsync()).Expired);
        rig.Clock.Now += TimeSpan.FromTicks(2);
        var expired = Assert.Single((await outbox.PumpAsync()).Expired);

        Assert.Equal((Rig.Supplier, DuisMessageKind.Response, RequestKey), expired);
        Assert.Empty(outbox.Backlog());
        Assert.Equal(1, outbox.Expired);
    }

    // At least once towards the device, never two counters for one request: whatever publishes a request again (the
    // sweeper after a lost Sent mark, a restart) publishes the GBCS bytes stored with it, never a re-encoded command.
    [SharedDataFact]
    public async Task A_command_published_again_is_the_same_stored_bytes_with_the_same_counter()
    {
        using var rig = new Rig();
        var request = await Accepted(rig);
        var down = Rig.DownTopic(Rig.Chf);
        var first = Assert.Single(rig.Mqtt.On(down)).Payload;
        // The Sent mark was lost (the process died before writing it): the request is Pending again for the sweeper.
        Assert.True(rig.Store.PendingRequests.TryTransition(RequestKey, PendingState.Sent, PendingState.Pending));
        rig.Presence.Set(Rig.Chf, true);
        rig.Clock.Now += new TimeoutSweeperOptions().RepublishAfter; // past the accepting instance's own publish

        Assert.Equal(1, (await rig.Sweeper.SweepAsync()).Dispatched);
        using var restarted = SqliteDccStore.Open(rig.DataDirectory);
        Assert.True(restarted.PendingRequests.TryTransition(RequestKey, PendingState.Sent, PendingState.Pending));
        Assert.Equal(1, (await new TimeoutSweeper(restarted, new MqttCommandDispatcher(rig.Mqtt, restarted.PendingRequests, rig.Presence),
            rig.Presence, new DuisAsyncResponses(restarted, rig.Writer, rig.Channels), time: rig.Clock).SweepAsync()).Dispatched);

        var published = rig.Mqtt.On(down);
        Assert.Equal(3, published.Count);
        Assert.All(published, p => Assert.Equal(request.Gbcs, p.Payload));
        Assert.Equal(first, request.Gbcs);
        var counters = published.Select(p => Protocol.Framing.GbcsFrameParser.Parse(p.Payload).OriginatorCounter).Distinct();
        Assert.Equal(1000UL, Assert.Single(counters));
    }
}
