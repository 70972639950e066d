using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// Finishes gathered on one thread (<see cref="DuisAsyncResponses.Gather"/>, as the MQTT inbox reader gathers the answers to
/// one pass's up frames) are written in one store commit; each answer is delivered only after it, and a finish whose
/// writes fail fails alone.
/// </summary>
public sealed class FinishGatheringTests
{
    private static readonly PendingState[] Answerable = [PendingState.Pending, PendingState.Sent];

    private static async Task<PendingRequest[]> Accepted(Rig rig, params ulong[] counters) =>
        [.. (await rig.AcceptedReads(counters)).Select(a => a.Request)];

    [SharedDataFact]
    public async Task Gathered_finishes_share_one_commit_and_are_delivered_after_it()
    {
        using var rig = new Rig();
        var requests = await Accepted(rig, 1000, 1001, 1002);
        var sqlite = (SqliteDccStore)rig.Store;
        var gathering = rig.Responses.Gather();
        Task<bool>[] finishes;
        using (Gathering.Enter(gathering))
            finishes = [.. requests.Select(r => rig.Responses.FinishAsync(r, Answerable, PendingState.Completed, "I0", [0x01]))];
        Assert.All(finishes, f => Assert.False(f.IsCompleted));
        Assert.Empty(rig.Delivery.Delivered);
        var (commitsBefore, takenBefore) = (sqlite.WriterCommits, rig.Outbox.Taken);

        await Gathering.RunAllAsync(gathering);

        Assert.All(finishes, f => Assert.True(f.Result));
        // One commit for the three finishes; then, here, one per answer the recording delivery confirmed (deleted).
        Assert.Equal(3, rig.Outbox.Taken - takenBefore);
        Assert.Equal(1 + 3, sqlite.WriterCommits - commitsBefore);
        Assert.Equal(3, rig.Delivery.Delivered.Count);
        Assert.All(requests, r => Assert.Equal(PendingState.Completed, rig.Store.PendingRequests.Find(r.RequestId)!.State));
        // A second finish of the same request (a duplicate frame) finds it finished, gathered or not.
        Assert.False(await rig.Responses.FinishAsync(requests[0], Answerable, PendingState.Completed, "I0", [0x01]));
    }

    [SharedDataFact]
    public async Task A_finish_whose_writes_fail_fails_alone_and_the_others_are_kept_and_delivered()
    {
        using var rig = new Rig();
        var requests = await Accepted(rig, 1000, 1001, 1002);
        var units = 0;
        var store = new WrappedStore(rig.Store, unit: u => Interlocked.Increment(ref units) == 2 ? new FailingCommit(u) : u);
        var responses = new DuisAsyncResponses(store, rig.Writer, rig.Outbox);
        var gathering = responses.Gather();
        Task<bool>[] finishes;
        using (Gathering.Enter(gathering))
            finishes = [.. requests.Select(r => responses.FinishAsync(r, Answerable, PendingState.Completed, "I0", [0x01]))];

        await Gathering.RunAllAsync(gathering);

        Assert.True(finishes[0].Result);
        await Assert.ThrowsAsync<StoreCommitException>(() => finishes[1]);
        Assert.True(finishes[2].Result);
        Assert.Equal(
            [PendingState.Completed, requests[1].State, PendingState.Completed],
            requests.Select(r => rig.Store.PendingRequests.Find(r.RequestId)!.State).ToArray());
        Assert.Equal(2, rig.Delivery.Delivered.Count);
        Assert.Null(rig.Store.Outbox.Find(DuisMessageKind.Response, requests[1].RequestId));
        // The failed one was not finished: a copy of its frame finishes it.
        Assert.True(await rig.Responses.FinishAsync(requests[1], Answerable, PendingState.Completed, "I0", [0x01]));
    }
}
