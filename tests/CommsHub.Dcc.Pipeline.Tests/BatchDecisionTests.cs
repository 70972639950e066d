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

    private static (DuisOutcomeKind, int, string?) Summary(DuisBodyDecision d) => (d.Kind, d.HttpStatus, d.ResponseCode);

    [SharedDataFact]
    public async Task A_batch_answers_as_one_by_one_and_keeps_the_same_records()
    {
        using var alone = new Rig();
        using var batched = new Rig();
        var expected = new List<(DuisOutcomeKind, int, string?)>();
        foreach (var body in Mixed(alone)) expected.Add(Summary(await alone.Processor.DecideBodyAsync(body, DuisEndpoint.ServiceS, alone.Clock.Now)));

        var results = await batched.Processor.DecideBodiesAsync(Mixed(batched), DuisEndpoint.ServiceS, batched.Clock.Now);

        Assert.Equal(expected, results.Select(r => Summary(r.Get())).ToList());
        Assert.Equal(
            [DuisOutcomeKind.Accepted, DuisOutcomeKind.Replayed, DuisOutcomeKind.Replayed, DuisOutcomeKind.Rejected, DuisOutcomeKind.Unauthenticated, DuisOutcomeKind.Accepted],
            results.Select(r => r.Get().Kind).ToArray());
        Assert.Equal(alone.PendingCount(), batched.PendingCount());
        Assert.Equal(2, batched.Mqtt.Published.Count);
        Assert.Equal(alone.Store.Audit.Read(Rig.Supplier).Count, batched.Store.Audit.Read(Rig.Supplier).Count);
        Assert.Single(batched.Store.Audit.Read(Rig.NetworkOperator), e => e.ResponseCode == "E2");
    }

    [SharedDataFact]
    public async Task A_failed_batch_commit_fails_every_request_in_it_and_keeps_nothing()
    {
        using var rig = new Rig();
        var store = new FailingBatchStore(rig.Store);
        var processor = new DuisRequestProcessor(store, rig.Schema, rig.Signers, rig.Transformer, rig.Writer, rig.Dispatcher,
            new DuisProcessorOptions { Presence = rig.Presence }, time: rig.Clock);
        var bodies = new[] { rig.Signed(ReadRegisters, 1000), rig.Signed(ReadRegisters, 1001) };

        var results = await processor.DecideBodiesAsync(bodies, DuisEndpoint.ServiceS, rig.Clock.Now);

        Assert.All(results, r => Assert.Throws<StoreCommitException>(() => r.Get()));
        Assert.Equal(0, rig.PendingCount());
        Assert.Empty(rig.Mqtt.Published);
        Assert.Empty(rig.Store.Audit.Read(Rig.Supplier));
        // Nothing was kept, the counters included: the same requests are accepted afterwards.
        var again = await rig.Processor.DecideBodiesAsync(bodies, DuisEndpoint.ServiceS, rig.Clock.Now);
        Assert.All(again, r => Assert.Equal(DuisOutcomeKind.Accepted, r.Get().Kind));
    }

    [SharedDataFact]
    public async Task The_batcher_gives_each_concurrent_caller_its_own_decision()
    {
        using var rig = new Rig();
        var requests = Enumerable.Range(0, 24).Select(i => DuisRequestParser.Parse(SecureXml.Load(rig.Signed(ReadRegisters, 2000 + (ulong)i)))).ToList();
        using var batcher = new DecisionBatcher(rig.Processor, maxBatch: 8);
        // As the host does: its intake ran the replay guard (concurrent callers of one user arrive in any order).
        var decisions = await Task.WhenAll(requests.Select(r => Task.Run(() =>
            batcher.DecideAsync(new DuisBatchItem(r, DuisSignature.Verify(r.Document, rig.Signers), DuisEndpoint.ServiceS, CheckReplay: false)))));

        Assert.All(decisions, d => Assert.Equal(DuisOutcomeKind.Accepted, d.Kind));
        Assert.Equal(requests.Select(r => r.Header.RequestId.ToString()).Order(), decisions.Select(d => d.PendingRequestId!).Order());
        Assert.Equal(24, batcher.Requests);
        var batches = batcher.Batches;
        Assert.InRange(batches, 3, 24); // at most 8 a batch

        // With the replay guard in the batch: a counter used again is refused, and the refusal reaches its caller as thrown.
        var fresh = DuisRequestParser.Parse(SecureXml.Load(rig.Signed(ReadRegisters, 3000)));
        Assert.Equal(DuisOutcomeKind.Accepted, (await batcher.DecideAsync(new DuisBatchItem(fresh, null, DuisEndpoint.ServiceS))).Kind);
        var replay = await Assert.ThrowsAsync<DuisRejectedException>(() =>
            batcher.DecideAsync(new DuisBatchItem(fresh, null, DuisEndpoint.ServiceS)));
        Assert.Equal(DuisRejectReason.Replay, replay.Reason);

        batcher.Dispose();
        Assert.Throws<ObjectDisposedException>(() => { _ = batcher.DecideAsync(new DuisBatchItem(requests[1], null, DuisEndpoint.ServiceS)); });
    }

    // The real store, except that a batch's commit fails (as a full disk or a lost database connection would make it).
    private sealed class FailingBatchStore(IDccStore inner) : DelegatingStore(inner)
    {
        public override IDccUnitOfWork BeginBatch() => new FailingCommit(Inner.BeginBatch());

        private sealed class FailingCommit(IDccUnitOfWork batch) : IDccUnitOfWork
        {
            public void Commit()
            {
                batch.Dispose();
                throw new StoreCommitException("the disk is full", null);
            }

            public void Dispose() => batch.Dispose();
        }
    }
}
