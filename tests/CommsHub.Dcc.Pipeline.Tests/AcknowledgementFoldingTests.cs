using System.Diagnostics;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// Users' PUBACKs of outbox answers are matched in memory and their deletes ride on the next round of response finishes
/// (no commit of their own while the adapter is busy), or are written alone within the bound when no round comes. A crash
/// before that commit only re-sends the answer (same bytes, same RequestID: one outcome for the user); the PUBACK of the
/// synchronous I99, which the outbox never holds, costs no statement at all.
/// </summary>
public sealed class AcknowledgementFoldingTests
{
    private static readonly PendingState[] Answerable = [PendingState.Pending, PendingState.Sent];
    private static readonly string Topic = MqttUserDelivery.TopicFor(Rig.Supplier);

    private static async Task<(PendingRequest[] Requests, byte[][] I99s)> Accepted(Rig rig, params ulong[] counters)
    {
        var accepted = await rig.AcceptedReads(counters);
        return ([.. accepted.Select(a => a.Request)], [.. accepted.Select(a => a.I99)]);
    }

    /// <summary>An MQTT-only user's outbox: a publish is only Sent until the user's client acknowledges it.</summary>
    private static UserOutbox MqttOnly(Rig rig, IDccStore? store = null) => new(store ?? rig.Store, new MqttUserDelivery(rig.Mqtt), time: rig.Clock);

    private static bool Held(Rig rig, PendingRequest request) => rig.Store.Outbox.Find(DuisMessageKind.Response, request.RequestId) is not null;

    [SharedDataFact]
    public async Task A_pubacked_answer_is_deleted_by_the_next_finish_rounds_commit_without_one_of_its_own()
    {
        using var rig = new Rig();
        var (requests, _) = await Accepted(rig, 1000, 1001);
        var outbox = MqttOnly(rig);
        var responses = new DuisAsyncResponses(rig.Store, rig.Writer, outbox);
        using var acks = new OutboxAcknowledgements(outbox, TimeSpan.FromHours(1));
        var sqlite = (SqliteDccStore)rig.Store;

        Assert.True(await responses.FinishAsync(requests[0], Answerable, PendingState.Completed, "I0", [0x01]));
        var answer = Assert.Single(rig.Mqtt.On(Topic)).Payload;
        Assert.True(acks.TryEnqueue(Rig.Supplier, answer));
        Assert.Equal(1, outbox.AcknowledgementsWaiting);
        Assert.True(Held(rig, requests[0])); // queued: not written on the user's lane
        var commits = sqlite.WriterCommits;

        var gathering = responses.Gather();
        Task<bool> next;
        using (Gathering.Enter(gathering)) next = responses.FinishAsync(requests[1], Answerable, PendingState.Completed, "I0", [0x02]);
        await Gathering.RunAllAsync(gathering);

        Assert.True(await next);
        Assert.False(Held(rig, requests[0]));
        Assert.True(Held(rig, requests[1])); // published, awaiting its own PUBACK
        Assert.Equal(commits + 1, sqlite.WriterCommits); // the round's commit carried the delete
        Assert.Equal(0, outbox.AcknowledgementsWaiting);
        Assert.Equal(1, outbox.Acknowledgements);
        Assert.Equal(0, acks.Flush()); // nothing left for a commit of its own
    }

    [SharedDataFact]
    public async Task With_no_round_to_carry_it_a_pubacked_answer_is_deleted_within_the_bound()
    {
        using var rig = new Rig();
        var (requests, _) = await Accepted(rig, 1000);
        var outbox = MqttOnly(rig);
        var responses = new DuisAsyncResponses(rig.Store, rig.Writer, outbox);
        var bound = TimeSpan.FromMilliseconds(200);
        using var acks = new OutboxAcknowledgements(outbox, bound);
        Assert.True(await responses.FinishAsync(requests[0], Answerable, PendingState.Completed, "I0", [0x01]));
        var answer = Assert.Single(rig.Mqtt.On(Topic)).Payload;

        var clock = Stopwatch.StartNew();
        Assert.True(acks.TryEnqueue(Rig.Supplier, answer));
        while (Held(rig, requests[0]) && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(5);
        var took = clock.Elapsed;

        Assert.False(Held(rig, requests[0]));
        Assert.Equal(1, outbox.Acknowledgements);
        // The bound plus the commit and the timer's scheduling on a shared machine: a full CI build beside this test once
        // delayed the timer past bound + 1 s, so the margin is wide. What matters is that the row goes without any round,
        // well before the outbox's first retry (10 s), so a running adapter never re-sends what it was told about.
        Assert.True(took < bound + TimeSpan.FromSeconds(4), $"deleted after {took.TotalMilliseconds:F0} ms; bound {bound.TotalMilliseconds} ms");
    }

    [SharedDataFact]
    public async Task After_a_crash_between_the_puback_and_the_folded_commit_the_answer_is_sent_again_once_and_the_user_sees_one_outcome()
    {
        using var rig = new Rig();
        var (requests, _) = await Accepted(rig, 1000);
        var outbox = MqttOnly(rig);
        var acks = new OutboxAcknowledgements(outbox, TimeSpan.FromHours(1));
        Assert.True(await new DuisAsyncResponses(rig.Store, rig.Writer, outbox).FinishAsync(requests[0], Answerable, PendingState.Completed, "I0", [0x01]));
        var answer = Assert.Single(rig.Mqtt.On(Topic)).Payload;
        Assert.True(acks.TryEnqueue(Rig.Supplier, answer));
        Assert.Equal(1, outbox.AcknowledgementsWaiting);

        // kill -9 here: the queued delete is never committed (no round, no Flush, no Dispose). A restarted instance knows
        // nothing of the PUBACK; its pump sends the answer again at the first retry.
        var restarted = MqttOnly(rig);
        using var restartedAcks = new OutboxAcknowledgements(restarted, TimeSpan.FromHours(1));
        rig.Clock.Now += restarted.Options.FirstRetry;
        Assert.Equal(1, (await restarted.PumpAsync()).Sent);
        var published = rig.Mqtt.On(Topic);
        Assert.Equal(2, published.Count);
        Assert.Equal(answer, published[1].Payload); // the same bytes, so the same RequestID: the user drops the repeat

        // The user acknowledges the repeat; once that delete is committed it is never sent again.
        Assert.True(restartedAcks.TryEnqueue(Rig.Supplier, published[1].Payload));
        Assert.Equal(1, restartedAcks.Flush());
        Assert.False(Held(rig, requests[0]));
        for (var i = 0; i < 5; i++)
        {
            rig.Clock.Now += restarted.Options.MaxRetry;
            Assert.Equal(0, (await restarted.PumpAsync()).Claimed);
        }
        Assert.Equal(2, rig.Mqtt.On(Topic).Count);
        // What the user's client keeps: one outcome per RequestID.
        var outcomes = rig.Mqtt.On(Topic).Select(p => Rig.Field(rig.CheckedResponse(p.Payload), "RequestID")).Distinct().ToList();
        Assert.Equal([requests[0].RequestId], outcomes);
        GC.KeepAlive(acks);
    }

    [SharedDataFact]
    public async Task The_I99s_puback_issues_no_outbox_statement()
    {
        // Regression: the PUBACK of the synchronous I99 (never in the outbox) ran a DELETE by digest that could not match.
        using var rig = new Rig();
        var counting = new CountingOutboxStore(rig.Store);
        var outbox = MqttOnly(rig, counting);
        var (requests, i99s) = await Accepted(rig, 1000);
        Assert.True(await new DuisAsyncResponses(counting, rig.Writer, outbox).FinishAsync(requests[0], Answerable, PendingState.Completed, "I0", [0x01]));
        var answer = Assert.Single(rig.Mqtt.On(Topic)).Payload;
        var sqlite = (SqliteDccStore)rig.Store;

        using (var acks = new OutboxAcknowledgements(outbox, TimeSpan.FromHours(1)))
        {
            var (commits, deletes) = (sqlite.WriterCommits, counting.Deletes);
            Assert.True(acks.TryEnqueue(Rig.Supplier, i99s[0]));
            Assert.Equal(0, outbox.AcknowledgementsWaiting);
            Assert.Equal(0, acks.Flush());
            Assert.False(outbox.Acknowledged(Rig.Supplier, i99s[0])); // the unbatched path too
            Assert.Equal((commits, deletes), (sqlite.WriterCommits, counting.Deletes));

            // The answer's PUBACK is one delete by its key.
            Assert.True(acks.TryEnqueue(Rig.Supplier, answer));
            Assert.Equal(1, acks.Flush());
            Assert.Equal(deletes + 1, counting.Deletes);
        }
        Assert.False(Held(rig, requests[0]));
    }

    [SharedDataFact]
    public async Task An_answer_whose_wait_was_evicted_is_sent_again_once_and_then_taken()
    {
        using var rig = new Rig();
        var (requests, _) = await Accepted(rig, 1000);
        var outbox = MqttOnly(rig);
        Assert.True(await new DuisAsyncResponses(rig.Store, rig.Writer, outbox).FinishAsync(requests[0], Answerable, PendingState.Completed, "I0", [0x01]));
        var answer = Assert.Single(rig.Mqtt.On(Topic)).Payload;
        // The user's client is away: more of its outcomes than the outbox keeps waits for.
        for (var i = 0; i < UserOutbox.AwaitedPerUser; i++)
            Assert.NotNull(outbox.Stage(new DuisDelivery(Rig.Supplier, DuisMessageKind.DeviceAlert, $"alert-{i}", [0x3C, (byte)i])));
        Assert.Equal(UserOutbox.AwaitedPerUser, outbox.Awaited);

        Assert.False(outbox.Acknowledged(Rig.Supplier, answer)); // forgotten: ignored, the answer stays
        Assert.True(Held(rig, requests[0]));
        rig.Clock.Now += outbox.Options.FirstRetry;
        await outbox.PumpAsync(); // the answer is the oldest due: sent again, awaited again
        Assert.True(outbox.Acknowledged(Rig.Supplier, answer));
        Assert.False(Held(rig, requests[0]));
    }

    [SharedDataFact]
    public async Task A_round_of_finishes_deletes_all_its_queued_acknowledgements_in_one_statement_in_its_own_commit()
    {
        // Regression: each queued acknowledgement was a DELETE of its own, inside a savepoint of its own.
        using var rig = new Rig();
        var counting = new CountingOutboxStore(rig.Store);
        var outbox = MqttOnly(rig, counting);
        var responses = new DuisAsyncResponses(counting, rig.Writer, outbox);
        using var acks = new OutboxAcknowledgements(outbox, TimeSpan.FromHours(1));
        var (requests, _) = await Accepted(rig, 1000, 1001, 1002, 1003, 1004, 1005);
        for (var i = 0; i < 3; i++) Assert.True(await responses.FinishAsync(requests[i], Answerable, PendingState.Completed, "I0", [(byte)i]));
        foreach (var published in rig.Mqtt.On(Topic)) Assert.True(acks.TryEnqueue(Rig.Supplier, published.Payload));
        Assert.Equal(3, outbox.AcknowledgementsWaiting);
        var sqlite = (SqliteDccStore)rig.Store;
        var (commits, deletes) = (sqlite.WriterCommits, counting.Deletes);

        var gathering = responses.Gather();
        var next = new List<Task<bool>>();
        using (Gathering.Enter(gathering))
        {
            for (var i = 3; i < 6; i++) next.Add(responses.FinishAsync(requests[i], Answerable, PendingState.Completed, "I0", [(byte)i]));
        }
        await Gathering.RunAllAsync(gathering);

        Assert.All(await Task.WhenAll(next), Assert.True);
        Assert.Equal(commits + 1, sqlite.WriterCommits);
        Assert.Equal(deletes + 1, counting.Deletes);
        Assert.Equal(3, outbox.Acknowledgements);
        Assert.All(requests[..3], r => Assert.False(Held(rig, r)));
        Assert.All(requests[3..], r => Assert.True(Held(rig, r)));
    }

    [SharedDataFact]
    public async Task Past_the_overall_memory_bound_the_oldest_awaited_answer_is_sent_again_once_and_then_deleted_by_its_key()
    {
        using var rig = new Rig();
        var (requests, _) = await Accepted(rig, 1000, 1001, 1002);
        var unbounded = MqttOnly(rig);
        Assert.True(await new DuisAsyncResponses(rig.Store, rig.Writer, unbounded).FinishAsync(requests[0], Answerable, PendingState.Completed, "I0", [0x01]));
        var size = Assert.Single(rig.Mqtt.On(Topic)).Payload.Length;
        Assert.True(unbounded.Acknowledged(Rig.Supplier, rig.Mqtt.On(Topic)[0].Payload));
        // Room for two answers' bytes over all users: far below the 1,024 a user.
        var outbox = new UserOutbox(rig.Store, new MqttUserDelivery(rig.Mqtt), new UserOutboxOptions { AwaitedBytesLimit = 2 * size + size / 2 }, rig.Clock);
        var responses = new DuisAsyncResponses(rig.Store, rig.Writer, outbox);
        for (var i = 1; i < 3; i++) Assert.True(await responses.FinishAsync(requests[i], Answerable, PendingState.Completed, "I0", [(byte)(i + 1)]));
        var answers = rig.Mqtt.On(Topic).Skip(1).Select(p => p.Payload).ToArray();
        Assert.Equal(2, outbox.Awaited);

        // Another user's outcome pushes the oldest awaited (requests[1]'s answer) past the bound.
        Assert.NotNull(outbox.Stage(new DuisDelivery(0x90B3D51F30FF0000, DuisMessageKind.DeviceAlert, "other-user", new byte[size])));
        Assert.Equal((2, 1L), (outbox.Awaited, outbox.AwaitedDropped));
        Assert.True(outbox.AwaitedBytes <= outbox.Options.AwaitedBytesLimit);
        Assert.False(outbox.Acknowledged(Rig.Supplier, answers[0])); // no longer matched: ignored, and the answer stays
        Assert.True(Held(rig, requests[1]));
        Assert.True(outbox.Acknowledged(Rig.Supplier, answers[1])); // the newer one still is matched
        Assert.False(Held(rig, requests[2]));

        rig.Clock.Now += outbox.Options.FirstRetry;
        Assert.Equal(2, (await outbox.PumpAsync()).Sent); // the dropped answer and the other user's alert
        var mine = rig.Mqtt.On(Topic).Select(p => p.Payload).ToList();
        Assert.Equal(4, mine.Count);
        Assert.Equal(answers[0], mine[3]); // the same bytes, so the same RequestID: the user drops the repeat
        Assert.True(outbox.Acknowledged(Rig.Supplier, answers[0])); // awaited again, and now deleted by its key
        Assert.False(Held(rig, requests[1]));
        rig.Clock.Now += outbox.Options.MaxRetry;
        await outbox.PumpAsync();
        Assert.Equal(4, rig.Mqtt.On(Topic).Count); // never again
        var outcomes = mine.Select(p => Rig.Field(rig.CheckedResponse(p), "RequestID")).Distinct().Order().ToList();
        Assert.Equal(requests.Select(r => r.RequestId).Order(), outcomes);
    }

    /// <summary>Counts the outbox's delete statements.</summary>
    private sealed class CountingOutboxStore(IDccStore inner) : DelegatingStore(inner)
    {
        private readonly Counting _outbox = new(inner.Outbox);

        public int Deletes => _outbox.Deletes;

        public override IUserOutboxStore Outbox => _outbox;

        private sealed class Counting(IUserOutboxStore inner) : DelegatingOutboxStore(inner)
        {
            public int Deletes;

            public override bool Remove(DuisMessageKind kind, string key)
            {
                Interlocked.Increment(ref Deletes);
                return base.Remove(kind, key);
            }

            public override int RemoveAll(IReadOnlyCollection<(DuisMessageKind Kind, string Key)> messages)
            {
                Interlocked.Increment(ref Deletes);
                return base.RemoveAll(messages);
            }

            public override int RemoveTaken(ulong user, ReadOnlySpan<byte> xml)
            {
                Interlocked.Increment(ref Deletes);
                return base.RemoveTaken(user, xml);
            }

            public override int HandOverAll(IReadOnlyCollection<(DuisMessageKind Kind, string Key)> messages, DateTimeOffset at)
            {
                Interlocked.Increment(ref Deletes);
                return base.HandOverAll(messages, at);
            }
        }
    }
}
