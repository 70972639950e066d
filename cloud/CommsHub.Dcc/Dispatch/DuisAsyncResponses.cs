using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Storage;

namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// Finishes a pending request with one DUIS answer, exactly once across instances, and delivers it at least once: the
/// state change (a compare-and-set, <see cref="IPendingRequestStore.TryTransition(string, IReadOnlyCollection{PendingState}, PendingState, string?)"/>:
/// of two instances or two duplicate frames exactly one wins) and the signed answer in the <see cref="UserOutbox"/> are
/// written in one unit of work; then the answer is delivered. If the process dies after the commit, or the delivery
/// fails, the answer is still in the outbox and is sent again until the user's side has taken it.
/// </summary>
public sealed class DuisAsyncResponses
{
    private readonly IDccStore _store;

    /// <summary>Creates it over <paramref name="store"/>, with a <see cref="UserOutbox"/> of default options over <paramref name="delivery"/>.</summary>
    public DuisAsyncResponses(IDccStore store, DuisResponseWriter writer, IUserDelivery delivery, TimeProvider? time = null)
        : this(store, writer, new UserOutbox(store, delivery, time: time))
    {
    }

    /// <summary>Creates it over <paramref name="store"/>, staging answers in <paramref name="outbox"/>.</summary>
    public DuisAsyncResponses(IDccStore store, DuisResponseWriter writer, UserOutbox outbox)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        Writer = writer ?? throw new ArgumentNullException(nameof(writer));
        Outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
    }

    /// <summary>The writer (alerts use it directly).</summary>
    public DuisResponseWriter Writer { get; }

    /// <summary>Where answers wait until their users have taken them.</summary>
    public UserOutbox Outbox { get; }

    /// <summary>
    /// Moves <paramref name="request"/> from <paramref name="from"/> to <paramref name="to"/> with <paramref name="code"/>
    /// and delivers the DUIS response (with <paramref name="gbcs"/> as GBCSPayload for I0). False when another caller
    /// had already moved it (nothing stored or delivered).
    /// </summary>
    public Task<bool> FinishAsync(PendingRequest request, PendingState from, PendingState to, string code, byte[]? gbcs,
        CancellationToken cancellationToken = default) =>
        FinishAsync(request, [from], to, code, gbcs, cancellationToken);

    /// <summary>
    /// As <see cref="FinishAsync(PendingRequest, PendingState, PendingState, string, byte[], CancellationToken)"/>, from
    /// whichever of <paramref name="from"/> the request is in at the moment of the change (one compare-and-set).
    /// </summary>
    public async Task<bool> FinishAsync(PendingRequest request, IReadOnlyCollection<PendingState> from, PendingState to, string code, byte[]? gbcs,
        CancellationToken cancellationToken = default) =>
        await FinishAsync(request, from, to, code, gbcs, null, cancellationToken).ConfigureAwait(false) == FinishResult.Finished;

    /// <summary>
    /// As <see cref="FinishAsync(PendingRequest, IReadOnlyCollection{PendingState}, PendingState, string, byte[], CancellationToken)"/>,
    /// with <paramref name="claim"/> (a store write such as recording an alert's counter; null: none) run first in the
    /// same unit of work: the claim and the finish are kept together or not at all, so a failed finish leaves nothing
    /// claimed. <see cref="FinishResult.ClaimRefused"/> when the claim returns false (nothing stored or delivered).
    /// </summary>
    public async Task<FinishResult> FinishAsync(PendingRequest request, IReadOnlyCollection<PendingState> from, PendingState to, string code,
        byte[]? gbcs, Func<bool>? claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = RequestId.Parse(request.RequestId);
        var info = SrvCatalogue.Find(request.Srv);
        var sr = info?.ServiceReference ?? request.Srv;
        // Only an SRV that may be DCC-scheduled can be a schedule's run: the others' answers cost no extra read.
        var schedule = info is { DccScheduled: true } ? _store.Schedules.ScheduleOfRun(request.RequestId) : null;
        // Signed once, outside the transaction (CPU, no I/O): every re-send from the outbox is these exact bytes.
        var xml = Writer.DeviceResponseBytes(id, sr, request.Srv, code, gbcs, schedule);
        var finish = new Finish(request, from, to, code, xml, claim);
        var finished = Gathering<Finish, Finished>.Current(this) is { } gathering && gathering.TryAdd(finish, out var gathered)
            ? await gathered.ConfigureAwait(false)
            : Store(finish);
        if (finished.Result != FinishResult.Finished) return finished.Result;
        // Not waited for: a user whose callback hangs must not hold up whoever finished the request.
        if (finished.Staged is { } staged) _ = Outbox.StartDelivery(staged);
        return FinishResult.Finished;
    }

    /// <summary>
    /// Starts a gathering (<see cref="Gathering"/>): the store part of each <see cref="FinishAsync(PendingRequest, IReadOnlyCollection{PendingState}, PendingState, string, byte[], CancellationToken)"/>
    /// called on a thread inside it (the state change and the outbox row) waits for the gathering's next round, which
    /// writes the round's finishes in one store batch (one commit); each answer is delivered after that commit, as alone.
    /// A finish whose writes fail fails alone (its caller gets the error); a failed commit fails every finish of the round.
    /// The round's commit also carries the deletes of the users' acknowledgements queued since the last one
    /// (<see cref="UserOutbox.QueueAcknowledged"/>).
    /// </summary>
    public IGathering Gather() => new Gathering<Finish, Finished>(this, FinishRound);

    private sealed record Finish(PendingRequest Request, IReadOnlyCollection<PendingState> From, PendingState To, string Code, byte[] Xml,
        Func<bool>? Claim);

    // Result: whether the state was changed; Staged: the answer to deliver, if not held already.
    private readonly record struct Finished(FinishResult Result, OutboxMessage? Staged);

    // The compare-and-set and the answer in the outbox, kept or lost together. With writeAcknowledged, the users' PUBACKs
    // queued since the last commit ride on this one, once the change is certain to be committed (a lost compare-and-set
    // rolls the unit back and leaves them queued for the next).
    private Finished Store(Finish finish, bool writeAcknowledged = false)
    {
        var request = finish.Request;
        using var unit = _store.BeginUnitOfWork();
        if (finish.Claim is { } claim && !claim()) return new Finished(FinishResult.ClaimRefused, null);
        if (!_store.PendingRequests.TryTransition(request.RequestId, finish.From, finish.To, finish.Code))
            return new Finished(FinishResult.AlreadyFinished, null);
        // Before the insert: the deleted rows' pages (the answer's overflow page above all) are reused by it in this
        // transaction instead of new pages being allocated and the freed ones written to the freelist.
        if (writeAcknowledged) WriteAcknowledged();
        var staged = Outbox.Stage(new DuisDelivery(request.UserEui, DuisMessageKind.Response, request.RequestId, finish.Xml));
        unit.Commit();
        return new Finished(FinishResult.Finished, staged);
    }

    // In the round's transaction, as one write that fails alone (IUserOutboxStore.RemoveAll): a failure loses only these
    // deletes (those messages are sent again, a repeat the user drops) and never the round's finishes. On SQLite it needs
    // no savepoint; if SQLite ended the transaction instead, the round's commit fails and nothing of it is kept.
    private void WriteAcknowledged()
    {
        try
        {
            Outbox.WriteAcknowledged();
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException or IOException)
        {
            // Counted by the outbox (AcknowledgementsLost); nothing else to do.
        }
    }

    // One round of a gathering: every finish in its own unit of work inside one batch; the callers continue (and deliver)
    // only once the batch is committed. Users' PUBACKs queued since the last commit ride on this one
    // (OutboxAcknowledgements; not with a broker's unsaved window, UserOutbox.AcknowledgementsRideOnCommits): their deletes touch the outbox pages this round's inserts write anyway, and they go first,
    // as one statement, so that the inserts reuse the pages they free. A round of one is a plain unit of work (no batch,
    // no savepoint), the deletes inside it.
    private Task FinishRound(Finish[] finishes, TaskCompletionSource<Finished>[] results)
    {
        var finished = new Finished[finishes.Length];
        var errors = new Exception?[finishes.Length];
        var acknowledged = Outbox.AcknowledgementsRideOnCommits && Outbox.AcknowledgementsWaiting > 0;
        try
        {
            if (finishes.Length == 1)
            {
                finished[0] = Store(finishes[0], acknowledged);
            }
            else
            {
                using var batch = _store.BeginBatch();
                if (acknowledged) WriteAcknowledged();
                for (var i = 0; i < finishes.Length; i++)
                {
                    try
                    {
                        finished[i] = Store(finishes[i]);
                    }
                    catch (Exception ex)
                    {
                        errors[i] = ex;
                    }
                }
                batch.Commit();
            }
        }
        catch (Exception ex)
        {
            // Nothing of the round was kept.
            for (var i = 0; i < errors.Length; i++) errors[i] ??= ex;
        }
        for (var i = 0; i < results.Length; i++)
        {
            if (errors[i] is { } error) results[i].TrySetException(error);
            else results[i].TrySetResult(finished[i]);
        }
        return Task.CompletedTask;
    }
}
