using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Storage;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// The one intake as the host runs it (HTTP, MQTT): its outcome, and so the answer a host sends or the PUBACK it gives,
/// comes only once the request's decision is committed; an MQTT request is refused when it names another user than the
/// topic's; a request kept in the store is accepted even when its command could not be published.
/// </summary>
public sealed class IntakeTests
{
    private const string ReadRegisters = "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML";

    [SharedDataFact]
    public async Task The_outcome_comes_only_after_the_decision_is_committed()
    {
        using var rig = new Rig();
        using var committing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var store = new WrappedStore(rig.Store, unit: u => new HeldCommit(u, committing, release));
        var intake = Rig.IntakeFor(new DuisRequestProcessor(store, rig.Schema, rig.Signers, rig.Transformer, rig.Writer, rig.Dispatcher,
            new DuisProcessorOptions { Presence = rig.Presence }, time: rig.Clock));

        var processing = Task.Run(() => intake.ProcessAsync(rig.Signed(ReadRegisters, 1000), DuisEndpoint.ServiceS));
        Assert.True(committing.Wait(TimeSpan.FromSeconds(30)), "the request's unit of work never reached its commit");
        Assert.False(processing.IsCompleted, "an outcome was returned before the decision was committed");
        Assert.Empty(rig.Mqtt.Published); // nor was the command published

        release.Set();
        var outcome = await processing;
        Assert.Equal((DuisOutcomeKind.Accepted, "I99"), (outcome.Kind, outcome.ResponseCode));
        Assert.Equal("I99", Rig.Field(rig.CheckedResponse(outcome.ResponseBytes!), "ResponseCode"));
        Assert.Single(rig.Mqtt.Published);
    }

    [SharedDataFact]
    public async Task A_failed_commit_is_an_outcome_without_an_answer_and_burns_no_counter()
    {
        using var rig = new Rig();
        var store = new WrappedStore(rig.Store, unit: u => new FailingCommit(u));
        var intake = Rig.IntakeFor(new DuisRequestProcessor(store, rig.Schema, rig.Signers, rig.Transformer, rig.Writer, rig.Dispatcher,
            new DuisProcessorOptions { Presence = rig.Presence }, time: rig.Clock));
        var body = rig.Signed(ReadRegisters, 1000);

        var outcome = await intake.ProcessAsync(body, DuisEndpoint.ServiceS);

        Assert.Equal((DuisOutcomeKind.Unavailable, 503), (outcome.Kind, outcome.HttpStatus));
        Assert.False(outcome.HasAnswer);
        Assert.Null(outcome.Response);
        Assert.Contains("new RequestID counter", outcome.Reason);
        Assert.Empty(rig.Mqtt.Published);
        Assert.Equal(DuisOutcomeKind.Accepted, (await rig.Intake.ProcessAsync(body, DuisEndpoint.ServiceS)).Kind);
    }

    [SharedDataFact]
    public async Task An_mqtt_request_of_another_user_than_the_topics_is_E1_and_touches_no_counter()
    {
        using var rig = new Rig();
        var body = rig.Signed(ReadRegisters, 1000);

        var outcome = await rig.Intake.ProcessAsync(body, DuisEndpoint.Mqtt, topicUser: Rig.NetworkOperator);

        Assert.Equal((DuisOutcomeKind.Unauthenticated, DuisRejectReason.SignerUnknown), (outcome.Kind, outcome.RejectReason!.Value));
        Assert.Equal("E1", Rig.Field(rig.CheckedResponse(outcome.ResponseBytes!), "ResponseCode"));
        Assert.Empty(rig.Store.Audit.Read());
        Assert.Equal(DuisOutcomeKind.Accepted, (await rig.Intake.ProcessAsync(body, DuisEndpoint.Mqtt, topicUser: Rig.Supplier)).Kind);
    }

    [SharedDataFact]
    public async Task A_committed_request_whose_command_could_not_be_published_is_accepted_and_left_to_the_sweeper()
    {
        using var rig = new Rig();
        var dispatcher = new MqttCommandDispatcher(new BrokenPublisher(), rig.Store.PendingRequests, rig.Presence);
        var intake = Rig.IntakeFor(new DuisRequestProcessor(rig.Store, rig.Schema, rig.Signers, rig.Transformer, rig.Writer, dispatcher,
            new DuisProcessorOptions { Presence = rig.Presence }, time: rig.Clock));

        var outcome = await intake.ProcessAsync(rig.Signed(ReadRegisters, 1000), DuisEndpoint.ServiceS);

        // Answering a failure would invite the user to send it again, and the device to get the command twice.
        Assert.Equal((DuisOutcomeKind.Accepted, "I99"), (outcome.Kind, outcome.ResponseCode));
        Assert.Contains("held for the sweeper", outcome.Reason);
        Assert.Equal(PendingState.Pending, rig.Store.PendingRequests.Find(outcome.PendingRequestId!)!.State);
        // The sweeper publishes it, once it is old enough not to be another instance's publish still under way.
        Assert.Equal(0, (await rig.Sweeper.SweepAsync()).Dispatched);
        rig.Clock.Now += new TimeoutSweeperOptions().RepublishAfter;
        var swept = await rig.Sweeper.SweepAsync();
        Assert.Equal(1, swept.Dispatched);
        Assert.Single(rig.Mqtt.On(Rig.DownTopic(Rig.Chf)));
    }

    private sealed class BrokenPublisher : IMqttPublisher
    {
        public Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the embedded broker is not running");
    }
}
