using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Transforms;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>Anomaly quarantine end to end: threshold breach holds the request; an operator releases or rejects it.</summary>
public sealed class QuarantineResolverTests
{
    private const string Template = "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML";
    private const int Threshold = 2;

    private sealed class Setup : IDisposable
    {
        public Setup()
        {
            Rig = new Rig();
            Access = new AccessControl(Rig.Store,
                new AccessControlOptions { Anomaly = new AnomalyOptions { DefaultMaxRequests = Threshold, Window = TimeSpan.FromMinutes(10) } },
                Alerts, Rig.Clock);
            Processor = new DuisRequestProcessor(Rig.Store, Rig.Schema, Rig.Signers, Rig.Transformer, Rig.Writer, Rig.Dispatcher,
                new DuisProcessorOptions { Presence = Rig.Presence, FallbackInventory = RtdsTestIdentities.CreateInventory() }, Access, Rig.Clock);
            Intake = Rig.IntakeFor(Processor);
            Resolver = new QuarantineResolver(Access.Anomalies, Rig.Store, Rig.Dispatcher,
                new DuisAsyncResponses(Rig.Store, Rig.Writer, Rig.Delivery), Rig.Clock);
        }

        public Rig Rig { get; }
        public InMemoryOperatorAlerts Alerts { get; } = new();
        public AccessControl Access { get; }
        public DuisRequestProcessor Processor { get; }
        public DuisIntake Intake { get; }
        public QuarantineResolver Resolver { get; }

        /// <summary>Sends threshold + 1 requests (counters 1000..); returns the quarantined one's RequestID.</summary>
        public async Task<(string RequestId, long QuarantineId)> BreachAsync()
        {
            for (ulong i = 0; i < Threshold; i++)
            {
                var ok = await Intake.ProcessAsync(Rig.Signed(Template, 1000 + i), DuisEndpoint.ServiceS);
                Assert.Equal(DuisOutcomeKind.Accepted, ok.Kind);
            }
            Assert.Equal(Threshold, Rig.Mqtt.On(Rig.DownTopic(Rig.Chf)).Count);
            var held = await Intake.ProcessAsync(Rig.Signed(Template, 1000 + Threshold), DuisEndpoint.ServiceS);
            Assert.Equal(DuisOutcomeKind.Quarantined, held.Kind);
            Assert.Equal("I99", held.ResponseCode);
            Assert.Equal(Threshold, Rig.Mqtt.On(Rig.DownTopic(Rig.Chf)).Count); // nothing more published
            Assert.Equal(PendingState.Quarantined, Rig.Store.PendingRequests.Find(held.PendingRequestId!)!.State);
            var alert = Assert.Single(Alerts.All);
            Assert.Equal("anomaly-quarantine", alert.Kind);
            Assert.Equal(Rig.Supplier, alert.UserEui);
            var episode = Assert.Single(Rig.Store.Quarantines.ListOpen());
            Assert.Equal(alert.QuarantineId, episode.Id);
            return (held.PendingRequestId!, episode.Id);
        }

        public void Dispose() => Rig.Dispose();
    }

    [SharedDataFact]
    public async Task Breach_quarantines_and_release_publishes_the_held_command()
    {
        using var s = new Setup();
        var (requestId, quarantine) = await s.BreachAsync();
        var command = s.Rig.Store.PendingRequests.Find(requestId)!.Gbcs;

        var summary = await s.Resolver.ReleaseAsync(quarantine, "alice");

        Assert.NotNull(summary);
        Assert.Equal(QuarantineState.Released, summary.State);
        Assert.Equal([requestId], summary.Dispatched);
        Assert.Empty(summary.Failures);
        var down = s.Rig.Mqtt.On(Rig.DownTopic(Rig.Chf));
        Assert.Equal(Threshold + 1, down.Count);
        Assert.Equal(command, down[^1].Payload);
        Assert.Equal(PendingState.Sent, s.Rig.Store.PendingRequests.Find(requestId)!.State);
        Assert.Empty(s.Rig.Store.Quarantines.ListOpen());
        Assert.Empty(s.Rig.Delivery.Delivered);
    }

    [SharedDataFact]
    public async Task A_release_after_the_original_deadline_gets_a_fresh_one_and_no_E21()
    {
        using var s = new Setup();
        var (requestId, quarantine) = await s.BreachAsync();
        var held = s.Rig.Store.PendingRequests.Find(requestId)!;
        var timeToAnswer = held.Deadline - held.CreatedAt;
        s.Rig.Clock.Now += timeToAnswer + TimeSpan.FromMinutes(30); // the operator took half an hour

        await s.Resolver.ReleaseAsync(quarantine, "alice");

        var released = s.Rig.Store.PendingRequests.Find(requestId)!;
        Assert.Equal(PendingState.Sent, released.State);
        Assert.Equal(s.Rig.Clock.Now + timeToAnswer, released.Deadline);
        await s.Rig.Sweeper.SweepAsync();
        Assert.Equal(PendingState.Sent, s.Rig.Store.PendingRequests.Find(requestId)!.State);
        // The two requests accepted before the breach did time out (E21); the one just released must not.
        Assert.DoesNotContain(s.Rig.Delivery.Delivered, d => d.Key == requestId);
        Assert.Equal(2, s.Rig.Delivery.Delivered.Count);
    }

    [SharedDataFact]
    public async Task Release_while_the_hub_is_offline_leaves_the_request_pending_for_the_sweeper()
    {
        using var s = new Setup();
        var (requestId, quarantine) = await s.BreachAsync();
        s.Rig.Presence.Set(Rig.Chf, online: false);

        var summary = await s.Resolver.ReleaseAsync(quarantine, "alice");

        Assert.Equal([requestId], summary!.Queued);
        Assert.Equal(Threshold, s.Rig.Mqtt.On(Rig.DownTopic(Rig.Chf)).Count);
        Assert.Equal(PendingState.Pending, s.Rig.Store.PendingRequests.Find(requestId)!.State);
    }

    [SharedDataFact]
    public async Task Repeated_release_is_a_no_op()
    {
        using var s = new Setup();
        var (requestId, quarantine) = await s.BreachAsync();
        await s.Resolver.ReleaseAsync(quarantine, "alice");

        var again = await s.Resolver.ReleaseAsync(quarantine, "bob");

        Assert.NotNull(again);
        Assert.Empty(again.Dispatched);
        Assert.Empty(again.Queued);
        Assert.Equal([requestId], again.Skipped);
        Assert.Equal(Threshold + 1, s.Rig.Mqtt.On(Rig.DownTopic(Rig.Chf)).Count);
        // The opposite decision on a resolved quarantine is refused.
        await Assert.ThrowsAsync<QuarantineResolvedException>(() => s.Resolver.RejectAsync(quarantine, "bob"));
        Assert.Empty(s.Rig.Delivery.Delivered);
    }

    [SharedDataFact]
    public async Task Reject_answers_the_user_with_the_resolution_code()
    {
        using var s = new Setup();
        var (requestId, quarantine) = await s.BreachAsync();

        var summary = await s.Resolver.RejectAsync(quarantine, "alice");

        Assert.NotNull(summary);
        Assert.Equal(QuarantineState.Rejected, summary.State);
        Assert.Equal(ResponseCodes.E3, summary.ResponseCode);
        Assert.Equal([requestId], summary.Answered);
        var delivered = Assert.Single(s.Rig.Delivery.Delivered);
        Assert.Equal(Rig.Supplier, delivered.UserEui);
        var doc = s.Rig.CheckedResponse(delivered.Xml);
        Assert.Equal(summary.ResponseCode, Rig.Field(doc, "ResponseCode"));
        Assert.Equal(requestId, Rig.Field(doc, "RequestID"));
        var p = s.Rig.Store.PendingRequests.Find(requestId)!;
        Assert.Equal((PendingState.Rejected, summary.ResponseCode), (p.State, p.ResponseCode));
        Assert.Equal(Threshold, s.Rig.Mqtt.On(Rig.DownTopic(Rig.Chf)).Count);

        // Again: nothing more delivered.
        var again = await s.Resolver.RejectAsync(quarantine, "alice");
        Assert.Equal([requestId], again!.Skipped);
        Assert.Single(s.Rig.Delivery.Delivered);
    }

    [SharedDataFact]
    public async Task Unknown_quarantine_is_null()
    {
        using var s = new Setup();
        Assert.Null(await s.Resolver.ReleaseAsync(4242, "alice"));
        Assert.Null(await s.Resolver.RejectAsync(4242, "alice"));
    }
}
