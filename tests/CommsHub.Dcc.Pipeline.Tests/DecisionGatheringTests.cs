using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Storage;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// Requests gathered on one thread (<see cref="DecisionBatcher.Gather"/>, as the MQTT inbox reader gathers one pass) are
/// decided as one batch in the gathering's round, on the thread running it; one request failing in it fails nobody else.
/// </summary>
public sealed class DecisionGatheringTests
{
    private const string ReadRegisters = "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML";

    private static DuisBatchItem Item(Rig rig, ulong counter)
    {
        var request = DuisRequestParser.Parse(SecureXml.Load(rig.Signed(ReadRegisters, counter)));
        return new DuisBatchItem(request, DuisSignature.Verify(request.Document, rig.Signers), DuisEndpoint.ServiceS);
    }

    [SharedDataFact]
    public async Task Gathered_requests_wait_for_the_end_of_the_gathering_and_share_one_batch()
    {
        using var rig = new Rig();
        using var batcher = new DecisionBatcher(rig.Processor);
        var gathering = batcher.Gather();
        List<Task<DuisOutcome>> decisions;
        using (Gathering.Enter(gathering)) decisions = [.. new ulong[] { 1000, 1001, 1002 }.Select(c => batcher.DecideAsync(Item(rig, c)))];

        Assert.All(decisions, d => Assert.False(d.IsCompleted));
        Assert.Equal(3, gathering.Count);
        Assert.Equal(0, rig.PendingCount());

        await Gathering.RunAllAsync(gathering);

        // Decided on this thread before the end of the gathering returned: every caller has its own decision.
        Assert.All(decisions, d => Assert.True(d.IsCompletedSuccessfully));
        Assert.All(decisions, d => Assert.Equal(DuisOutcomeKind.Accepted, d.Result.Kind));
        Assert.Equal(3, decisions.Select(d => d.Result.PendingRequestId).Distinct().Count());
        Assert.Equal((1L, 3L), (batcher.Batches, batcher.Requests));
        Assert.Equal(3, rig.PendingCount());
        Assert.Equal(3, rig.Mqtt.Published.Count);
        // Ended: a request after it is decided at once, as without a gathering.
        var after = await batcher.DecideAsync(Item(rig, 1003));
        Assert.Equal(DuisOutcomeKind.Accepted, after.Kind);
        Assert.Equal(2, batcher.Batches);
    }

    [SharedDataFact]
    public async Task A_request_made_by_a_continuation_of_a_round_is_decided_in_the_next_round()
    {
        using var rig = new Rig();
        using var batcher = new DecisionBatcher(rig.Processor);
        var gathering = batcher.Gather();
        async Task<(DuisOutcome, DuisOutcome)> OneThenAnother()
        {
            // As a lane's next message runs once the one before it is answered.
            var first = await batcher.DecideAsync(Item(rig, 1000));
            return (first, await batcher.DecideAsync(Item(rig, 1001)));
        }
        Task<(DuisOutcome, DuisOutcome)> both;
        using (Gathering.Enter(gathering)) both = OneThenAnother();

        await Gathering.RunAllAsync(gathering);

        Assert.True(both.IsCompletedSuccessfully);
        Assert.Equal((DuisOutcomeKind.Accepted, DuisOutcomeKind.Accepted), (both.Result.Item1.Kind, both.Result.Item2.Kind));
        Assert.Equal((2L, 2L), (batcher.Batches, batcher.Requests));
        Assert.False(gathering.TryAdd(Item(rig, 1002), out _));
    }

    [SharedDataFact]
    public async Task Another_thread_is_not_held_by_a_gathering()
    {
        using var rig = new Rig();
        using var batcher = new DecisionBatcher(rig.Processor);
        var gathering = batcher.Gather();
        Task<DuisOutcome> elsewhere;
        // Only this thread is inside the gathering: the pool thread's request is decided there, not gathered.
        using (Gathering.Enter(gathering)) elsewhere = Task.Run(() => batcher.DecideAsync(Item(rig, 1000)));
        Assert.Equal(DuisOutcomeKind.Accepted, (await elsewhere).Kind);
        Assert.Equal(0, gathering.Count);
        await Gathering.RunAllAsync(gathering);
        Assert.Equal(1, batcher.Batches);
    }

    [SharedDataFact]
    public async Task A_request_whose_unit_of_work_fails_fails_alone_and_the_rest_of_the_gathering_is_kept()
    {
        using var rig = new Rig();
        var units = 0;
        // The second request's unit of work cannot commit (as a constraint or I/O failure in its statements would).
        var store = new WrappedStore(rig.Store, unit: u => Interlocked.Increment(ref units) == 2 ? new FailingCommit(u) : u);
        var processor = new DuisRequestProcessor(store, rig.Schema, rig.Signers, rig.Transformer, rig.Writer, rig.Dispatcher,
            new DuisProcessorOptions { Presence = rig.Presence }, time: rig.Clock);
        using var batcher = new DecisionBatcher(processor);
        var gathering = batcher.Gather();
        List<Task<DuisOutcome>> decisions;
        using (Gathering.Enter(gathering)) decisions = [.. new ulong[] { 1000, 1001, 1002 }.Select(c => batcher.DecideAsync(Item(rig, c)))];

        await Gathering.RunAllAsync(gathering);

        Assert.Equal(
            [DuisOutcomeKind.Accepted, DuisOutcomeKind.Unavailable, DuisOutcomeKind.Accepted],
            decisions.Select(d => d.Result.Kind).ToArray());
        Assert.IsType<StoreCommitException>(decisions[1].Result.Error);
        Assert.Equal(1, batcher.Batches);
        Assert.Equal(2, rig.PendingCount());
        Assert.Equal(2, rig.Mqtt.Published.Count);
        Assert.Null(rig.Store.PendingRequests.Find(Item(rig, 1001).Request.Header.RequestId.ToString()));
    }

    [SharedDataFact]
    public async Task Requests_gathered_when_the_batcher_stops_are_answered_not_lost()
    {
        using var rig = new Rig();
        var batcher = new DecisionBatcher(rig.Processor);
        var gathering = batcher.Gather();
        Task<DuisOutcome> decision;
        using (Gathering.Enter(gathering)) decision = batcher.DecideAsync(Item(rig, 1000));
        batcher.Dispose();

        await Gathering.RunAllAsync(gathering);

        Assert.Equal(DuisOutcomeKind.Failed, (await decision).Kind);
        Assert.Equal(0, rig.PendingCount());
    }
}
