using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// A device's response and the request's batched Sent mark (<see cref="SentMarks"/>) race: the response may arrive before
/// the mark is written, while the correlator is between reading the request and finishing it, or after. In every order
/// the response completes its request and reaches the user (issue 11, item 3: a mark in between made the response a
/// "Duplicate", acknowledged and lost). And a hub speaks only for its own devices (item 6).
/// </summary>
public sealed class CorrelationRaceTests
{
    private const string Template = "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML";
    private const string Response = "4.1.1_ECS17b/ECS17b_4.1.1_SINGLE_SUCCESS_RESPONSE_GBCS.HEX";
    private const string Cs14 = "NA_CS14/CS14_NA_8F12_ALERT_GBCS.HEX";
    private const string RequestKey = "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000";
    private const ulong OtherHub = 0x00DB1234567890FFUL;

    /// <summary>Where the Sent mark lands relative to the correlator's handling of the response.</summary>
    public enum MarkAt
    {
        /// <summary>Written before the response arrives (the usual order).</summary>
        BeforeResponse,
        /// <summary>Written after the correlator read the request as Pending and before it finished it.</summary>
        BetweenReadAndFinish,
        /// <summary>Written after the request was finished (the late mark must change nothing).</summary>
        AfterFinish,
        /// <summary>Never written (the process died with the mark queued): the response alone proves the publish.</summary>
        Never,
    }

    [SharedDataTheory]
    [InlineData(MarkAt.BeforeResponse)]
    [InlineData(MarkAt.BetweenReadAndFinish)]
    [InlineData(MarkAt.AfterFinish)]
    [InlineData(MarkAt.Never)]
    public async Task The_response_completes_its_request_wherever_the_Sent_mark_lands(MarkAt markAt)
    {
        using var rig = new Rig();
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);
        // As published by a dispatcher whose batched mark is still queued.
        Assert.True(rig.Store.PendingRequests.TryTransition(RequestKey, PendingState.Sent, PendingState.Pending));
        void Mark() => rig.Store.PendingRequests.MarkSent([RequestKey]);
        var store = new InterleavingStore(rig.Store, markAt == MarkAt.BetweenReadAndFinish ? Mark : null);
        var correlator = new ResponseCorrelator(store, new NetGbcsCrypto(), new DirectoryKeyStore(RtdsCorpus.KeystorePath),
            RtdsTestIdentities.AccessControlBroker, new DuisAsyncResponses(store, rig.Writer, rig.Outbox), rig.Clock);

        if (markAt == MarkAt.BeforeResponse) Mark();
        var outcome = await correlator.HandleAsync(Rig.UpTopic(Rig.Chf), Rig.Rtds(Response));
        if (markAt == MarkAt.AfterFinish) Assert.Equal(0, rig.Store.PendingRequests.MarkSent([RequestKey]));

        Assert.Equal(CorrelationOutcome.Delivered, outcome);
        Assert.Equal((PendingState.Completed, "I0"), (rig.Store.PendingRequests.Find(RequestKey)!.State, rig.Store.PendingRequests.Find(RequestKey)!.ResponseCode));
        var delivered = Assert.Single(rig.Delivery.Delivered);
        Assert.Equal("I0", Rig.Field(rig.CheckedResponse(delivered.Xml), "ResponseCode"));
        Assert.Equal(markAt == MarkAt.BetweenReadAndFinish ? 1 : 0, store.HookRuns);
    }

    // The same race at scale with real threads: a SentMarks writer flushing every millisecond while responses arrive for
    // requests published a moment before. Every response completes its request.
    [SharedDataFact]
    public async Task Responses_racing_batched_Sent_marks_all_complete_their_requests()
    {
        using var rig = new Rig();
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);
        var frame = Rig.Rtds(Response);
        using var marks = new SentMarks(rig.Store, TimeSpan.FromMilliseconds(1));
        for (var round = 0; round < 40; round++)
        {
            Assert.True(rig.Store.PendingRequests.TryTransition(RequestKey, [PendingState.Sent, PendingState.Completed], PendingState.Pending));
            Assert.True(marks.TryEnqueue(RequestKey));
            // Yield a varying moment so the mark lands before, during or after the correlation.
            for (var spin = 0; spin < round * 50; spin++) Thread.SpinWait(20);
            Assert.Equal(CorrelationOutcome.Delivered, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), frame));
            marks.Flush();
            Assert.Equal(PendingState.Completed, rig.Store.PendingRequests.Find(RequestKey)!.State);
            rig.Store.Outbox.Remove(DuisMessageKind.Response, RequestKey);
        }
        Assert.Equal(40, rig.Delivery.Delivered.Count);
    }

    [SharedDataFact]
    public async Task A_response_published_by_another_hub_is_refused_and_the_request_stays_open()
    {
        using var rig = new Rig();
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);
        var frame = Rig.Rtds(Response);

        Assert.Equal(CorrelationOutcome.WrongHub, await rig.Correlator.HandleAsync(Rig.UpTopic(OtherHub), frame));
        Assert.Equal(PendingState.Sent, rig.Store.PendingRequests.Find(RequestKey)!.State);
        Assert.Empty(rig.Delivery.Delivered);
        // The device's own hub is heard.
        Assert.Equal(CorrelationOutcome.Delivered, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), frame));
    }

    [SharedDataFact]
    public async Task An_alert_published_by_another_hub_is_refused_and_its_counter_stays_unused()
    {
        using var rig = new Rig();
        var frame = Rig.Rtds(Cs14);

        Assert.Equal(CorrelationOutcome.WrongHub, await rig.Correlator.HandleAsync(Rig.UpTopic(OtherHub), frame));
        Assert.Empty(rig.Delivery.Delivered);
        Assert.Equal(CorrelationOutcome.AlertDelivered, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), frame));
    }

    /// <summary>The rig's store, running a hook right after the correlator reads a request by its correlation key.</summary>
    private sealed class InterleavingStore(IDccStore inner, Action? afterCorrelationRead) : DelegatingStore(inner)
    {
        private readonly HookedPending _pending = new(inner.PendingRequests, afterCorrelationRead);

        public int HookRuns => _pending.Runs;
        public override IPendingRequestStore PendingRequests => _pending;

        private sealed class HookedPending(IPendingRequestStore inner, Action? hook) : IPendingRequestStore
        {
            public int Runs;

            public PendingRequest? FindByCorrelation(ulong deviceEui, ulong commandOriginator, ulong originatorCounter)
            {
                var found = inner.FindByCorrelation(deviceEui, commandOriginator, originatorCounter);
                if (hook is not null)
                {
                    Runs++;
                    hook();
                }
                return found;
            }

            public bool Add(PendingRequest request) => inner.Add(request);
            public PendingRequest? Find(string requestId) => inner.Find(requestId);
            public bool TryTransition(string requestId, PendingState from, PendingState to, string? responseCode = null) =>
                inner.TryTransition(requestId, from, to, responseCode);
            public bool TryTransition(string requestId, IReadOnlyCollection<PendingState> from, PendingState to, string? responseCode = null) =>
                inner.TryTransition(requestId, from, to, responseCode);
            public int MarkSent(IReadOnlyList<string> requestIds) => inner.MarkSent(requestIds);
            public bool TryRelease(string requestId, DateTimeOffset deadline) => inner.TryRelease(requestId, deadline);
            public IReadOnlyList<PendingRequest> InState(PendingState state, int limit = 100) => inner.InState(state, limit);
            public IReadOnlyList<PendingRequest> InState(PendingState state, int limit, PendingRequest? after) => inner.InState(state, limit, after);
            public IReadOnlyList<PendingRequest> Overdue(DateTimeOffset now, int limit = 100) => inner.Overdue(now, limit);
            public int PurgeFinished(DateTimeOffset deadlineBefore, int limit) => inner.PurgeFinished(deadlineBefore, limit);
        }
    }
}
