using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Storage;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>Deciding requests as a batch (one store transaction) answers as deciding them one by one does.</summary>
public sealed class BatchDecisionTests
{
    private const string ReadRegisters = "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML";

    // Accepted, replayed (same body), replayed (older counter), wrong role (E2), tampered (E1), accepted, conflict-free.
    private static byte[][] Mixed(Rig rig)
    {
        var first = rig.Signed(ReadRegisters, 1000);
        var tampered = rig.Signed(ReadRegisters, 1003);
        var text = System.Text.Encoding.UTF8.GetString(tampered).Replace(":1003<", ":1004<");
        return
        [
            first,
            first,
            rig.Signed(ReadRegisters, 999),
            rig.Signed("CS11_3.3_SUCCESS_REQUEST_DUIS.XML", 5000, rig.NetworkOperatorSigner, Rig.NetworkOperator),
            System.Text.Encoding.UTF8.GetBytes(text),
            rig.Signed(ReadRegisters, 1001),
        ];
    }

    private static (DuisOutcomeKind, int, string?) Summary(DuisOutcome d) => (d.Kind, d.HttpStatus, d.ResponseCode);

    // As the batcher decides requests that queue under load: intake of each body, then the admitted ones as one batch.
    private static async Task<DuisOutcome[]> AsOneBatch(DuisIntake intake, DuisRequestProcessor processor, IReadOnlyList<byte[]> bodies)
    {
        var results = new DuisOutcome[bodies.Count];
        var items = new List<DuisBatchItem>();
        var positions = new List<int>();
        for (var i = 0; i < bodies.Count; i++)
        {
            if (intake.TryAdmit(bodies[i], DuisEndpoint.ServiceS, null, out var item, out var refused))
            {
                items.Add(item);
                positions.Add(i);
            }
            else results[i] = intake.Answer(refused, DuisEndpoint.ServiceS);
        }
        var decided = await processor.DecideBatchAsync(items);
        for (var k = 0; k < decided.Length; k++)
            results[positions[k]] = intake.Answer(decided[k] with { Request = items[k].Request }, DuisEndpoint.ServiceS);
        return results;
    }

    [SharedDataFact]
    public async Task A_batch_answers_as_one_by_one_and_keeps_the_same_records()
    {
        using var alone = new Rig();
        using var batched = new Rig();
        var expected = new List<(DuisOutcomeKind, int, string?)>();
        foreach (var body in Mixed(alone)) expected.Add(Summary(await alone.Intake.ProcessAsync(body, DuisEndpoint.ServiceS)));

        var results = await AsOneBatch(batched.Intake, batched.Processor, Mixed(batched));

        Assert.Equal(expected, results.Select(Summary).ToList());
        Assert.Equal(
            [DuisOutcomeKind.Accepted, DuisOutcomeKind.Replayed, DuisOutcomeKind.Replayed, DuisOutcomeKind.Rejected, DuisOutcomeKind.Unauthenticated, DuisOutcomeKind.Accepted],
            results.Select(r => r.Kind).ToArray());
        Assert.All(results, r => Assert.Equal(r.ResponseCode, Rig.Field(batched.CheckedResponse(r.ResponseBytes!), "ResponseCode")));
        Assert.Equal(alone.PendingCount(), batched.PendingCount());
        Assert.Equal(2, batched.Mqtt.Published.Count);
        Assert.Equal(alone.Store.Audit.Read(Rig.Supplier).Count, batched.Store.Audit.Read(Rig.Supplier).Count);
        Assert.Single(batched.Store.Audit.Read(Rig.NetworkOperator), e => e.ResponseCode == "E2");
    }

    [SharedDataFact]
    public async Task A_failed_batch_commit_fails_every_request_in_it_and_keeps_nothing()
    {
        using var rig = new Rig();
        var store = new WrappedStore(rig.Store, batch: b => new FailingCommit(b));
        var processor = new DuisRequestProcessor(store, rig.Schema, rig.Signers, rig.Transformer, rig.Writer, rig.Dispatcher,
            new DuisProcessorOptions { Presence = rig.Presence }, time: rig.Clock);
        var bodies = new[] { rig.Signed(ReadRegisters, 1000), rig.Signed(ReadRegisters, 1001) };

        var results = await AsOneBatch(rig.Intake, processor, bodies);

        Assert.All(results, r =>
        {
            Assert.Equal((DuisOutcomeKind.Unavailable, 503, null), Summary(r));
            Assert.IsType<StoreCommitException>(r.Error);
            Assert.Null(r.Response);
        });
        Assert.Equal(0, rig.PendingCount());
        Assert.Empty(rig.Mqtt.Published);
        Assert.Empty(rig.Store.Audit.Read(Rig.Supplier));
        // Nothing was kept, the counters included: the same requests are accepted afterwards.
        var again = await AsOneBatch(rig.Intake, rig.Processor, bodies);
        Assert.All(again, r => Assert.Equal(DuisOutcomeKind.Accepted, r.Kind));
    }

    [SharedDataFact]
    public async Task The_batcher_gives_each_concurrent_caller_its_own_decision()
    {
        using var rig = new Rig();
        var requests = Enumerable.Range(0, 24).Select(i => DuisRequestParser.Parse(SecureXml.Load(rig.Signed(ReadRegisters, 2000 + (ulong)i)))).ToList();
        using var batcher = new DecisionBatcher(rig.Processor, maxBatch: 8);
        // Concurrent callers of one user reach the batch in any order, and the replay guard runs there: a counter that
        // arrives after a higher one is a replay. Either way each caller gets the decision on its own request.
        var decisions = await Task.WhenAll(requests.Select(r => Task.Run(() =>
            batcher.DecideAsync(new DuisBatchItem(r, DuisSignature.Verify(r.Document, rig.Signers), DuisEndpoint.ServiceS)))));

        Assert.All(decisions, d => Assert.Contains(d.Kind, new[] { DuisOutcomeKind.Accepted, DuisOutcomeKind.Replayed }));
        for (var i = 0; i < requests.Count; i++)
        {
            var own = requests[i].Header.RequestId.ToString();
            if (decisions[i].Kind == DuisOutcomeKind.Accepted) Assert.Equal(own, decisions[i].PendingRequestId);
            else Assert.Equal((DuisRejectReason.Replay, "E1", null), (decisions[i].RejectReason!.Value, decisions[i].ResponseCode, decisions[i].PendingRequestId));
        }
        var accepted = decisions.Count(d => d.Kind == DuisOutcomeKind.Accepted);
        Assert.InRange(accepted, 1, 24);
        Assert.Equal(accepted, rig.PendingCount());
        Assert.Equal(accepted, rig.Mqtt.Published.Count);
        Assert.Equal(24, batcher.Requests);
        var batches = batcher.Batches;
        Assert.InRange(batches, 3, 24); // at most 8 a batch

        // A counter used again is refused in the batch, and the refusal reaches its caller as its outcome (E1).
        var fresh = DuisRequestParser.Parse(SecureXml.Load(rig.Signed(ReadRegisters, 3000)));
        Assert.Equal(DuisOutcomeKind.Accepted, (await batcher.DecideAsync(new DuisBatchItem(fresh, null, DuisEndpoint.ServiceS))).Kind);
        var replay = await batcher.DecideAsync(new DuisBatchItem(fresh, null, DuisEndpoint.ServiceS));
        Assert.Equal((DuisOutcomeKind.Replayed, DuisRejectReason.Replay), (replay.Kind, replay.RejectReason!.Value));

        batcher.Dispose();
        Assert.Throws<ObjectDisposedException>(() => { _ = batcher.DecideAsync(new DuisBatchItem(requests[1], null, DuisEndpoint.ServiceS)); });
    }
}
