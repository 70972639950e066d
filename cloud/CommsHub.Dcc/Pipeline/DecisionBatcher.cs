namespace CommsHub.Dcc.Pipeline;

/// <summary>
/// Decides requests that passed intake in batches (<see cref="DuisRequestProcessor.DecideBatchAsync"/>), for callers on
/// many threads. A request that finds nobody deciding is decided at once on its caller's own thread, alone, with no
/// hand-over to another thread. Requests that arrive while a batch is being decided wait in a queue, and the next
/// batch takes all of them (up to the limit): one store transaction and one commit for the lot, with each stage's code
/// and data still in the processor's caches. The decisions are those the requests would get one by one, in arrival
/// order.
/// </summary>
/// <remarks>
/// The caller that starts a batch returns as soon as its own batch is decided; requests queued behind it are then taken
/// by a thread-pool worker, which keeps deciding batches until the queue is empty. So under light load nothing changes
/// threads, and under load one thread at a time decides while the others run their intake (XML, signature).
/// </remarks>
public sealed class DecisionBatcher : IDisposable
{
    private readonly DuisRequestProcessor _processor;
    private readonly int _maxBatch;
    private readonly Lock _gate = new();
    private readonly Queue<Entry> _queue = new();
    private readonly ManualResetEventSlim _idle = new(true);
    private readonly CancellationTokenSource _stopping = new();
    private bool _deciding, _stopped;
    private long _batches, _requests;

    /// <param name="processor">Decides the batches.</param>
    /// <param name="maxBatch">Requests one batch may carry at most (1: each request decided alone, still in arrival order).</param>
    public DecisionBatcher(DuisRequestProcessor processor, int maxBatch = DefaultMaxBatch)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        _processor = processor;
        _maxBatch = maxBatch;
    }

    /// <summary>The default batch limit: past a few dozen requests a batch gains no more, and its last request waits longer.</summary>
    public const int DefaultMaxBatch = 32;

    /// <summary>The processor that decides the batches.</summary>
    public DuisRequestProcessor Processor => _processor;

    /// <summary>Requests one batch carries at most.</summary>
    public int MaxBatch => _maxBatch;

    /// <summary>Batches decided so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Requests decided so far (with <see cref="Batches"/>: the mean batch size).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Decides the request, in a batch with any others waiting, and returns its outcome once committed and dispatched.</summary>
    /// <param name="item">The request.</param>
    /// <param name="cancellationToken">Stops waiting for a batch another caller decides (the request may still be decided).</param>
    /// <exception cref="ObjectDisposedException">The batcher is stopping.</exception>
    /// <remarks>Every verdict is an outcome, never an exception: a replayed counter (<see cref="DuisOutcomeKind.Replayed"/>),
    /// a store failure (<see cref="DuisOutcomeKind.Unavailable"/>) alike (<see cref="DuisRequestProcessor.DecideBatchAsync"/>).</remarks>
    public Task<DuisOutcome> DecideAsync(DuisBatchItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (Gathering<DuisBatchItem, DuisOutcome>.Current(this) is { } gathering)
        {
            lock (_gate) ObjectDisposedException.ThrowIf(_stopped, this);
            // Decided in the gathering's next round, by the thread running this very call: no wait to cancel.
            if (gathering.TryAdd(item, out var gathered)) return gathered;
        }
        var entry = new Entry(item, new TaskCompletionSource<DuisOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool lead;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            lead = EnqueueAndClaimLead([entry]);
        }
        return lead ? LeadAsync(entry) : entry.Decision.Task.WaitAsync(cancellationToken);
    }

    // Under _gate: queues the entries; true when nobody was deciding, so the caller decides the next batch on its own thread.
    private bool EnqueueAndClaimLead(ReadOnlySpan<Entry> entries)
    {
        foreach (var entry in entries) _queue.Enqueue(entry);
        if (_deciding) return false;
        _deciding = true;
        _idle.Reset();
        return true;
    }

    // Nobody was deciding: this caller decides the queue's first batch (its own request is in it) on its own thread.
    private async Task<DuisOutcome> LeadAsync(Entry own)
    {
        await DecideThenHandOverAsync().ConfigureAwait(false);
        return await own.Decision.Task.ConfigureAwait(false);
    }

    // This thread decides the next batch; what queued meanwhile is left to a worker.
    private async Task DecideThenHandOverAsync()
    {
        await DecideNextBatchAsync().ConfigureAwait(false);
        if (!EndIfEmpty())
        {
            // The worker decides other callers' requests: it does not carry this caller's execution context.
            using (ExecutionContext.SuppressFlow()) _ = Task.Run(DrainAsync);
        }
    }

    /// <summary>
    /// Starts a gathering: requests handed to <see cref="DecideAsync"/> on a thread inside it (<see cref="Gathering.Enter"/>)
    /// wait in it instead of being decided one by one, and each round of it (<see cref="Gathering.RunAllAsync"/>) decides
    /// what it holds as one batch (one commit), on the thread running the round. For a caller that has several requests in
    /// hand at once and runs their intake one after another on one thread (the MQTT inbox reader): they meet in one batch
    /// without being handed to other threads. Their callers' continuations (signing and sending each answer) then run on
    /// that thread too, one after another, as they would have without the gathering.
    /// </summary>
    /// <remarks>Callers on other threads are not held. Run the gathering to its end, also on failure, or its requests wait
    /// for ever. A batcher disposed meanwhile answers them <see cref="DuisOutcomeKind.Failed"/>.</remarks>
    public Gathering<DuisBatchItem, DuisOutcome> Gather() => new(this, DecideGatheredAsync);

    // A round of a gathering: its requests join the queue, and this thread decides them unless a batch is being decided
    // (the thread deciding it takes them next).
    private async Task DecideGatheredAsync(DuisBatchItem[] items, TaskCompletionSource<DuisOutcome>[] decisions)
    {
        var entries = new Entry[items.Length];
        for (var i = 0; i < items.Length; i++) entries[i] = new Entry(items[i], decisions[i]);
        bool lead, stopped;
        lock (_gate)
        {
            stopped = _stopped;
            lead = !stopped && EnqueueAndClaimLead(entries);
        }
        if (stopped)
        {
            // Outside the lock: the callers' continuations run here.
            var refused = DuisOutcome.NotDecided(new ObjectDisposedException(nameof(DecisionBatcher)));
            foreach (var entry in entries) entry.Decision.TrySetResult(refused);
        }
        else if (lead) await DecideThenHandOverAsync().ConfigureAwait(false);
    }

    private async Task DrainAsync()
    {
        do await DecideNextBatchAsync().ConfigureAwait(false);
        while (!EndIfEmpty());
    }

    // True (and nobody is deciding any more) when the queue is empty; false when there is more to decide.
    private bool EndIfEmpty()
    {
        lock (_gate)
        {
            if (_queue.Count > 0) return false;
            _deciding = false;
            _idle.Set();
            return true;
        }
    }

    private async Task DecideNextBatchAsync()
    {
        var batch = new List<Entry>();
        lock (_gate)
        {
            while (batch.Count < _maxBatch && _queue.TryDequeue(out var entry)) batch.Add(entry);
        }
        try
        {
            var results = await _processor.DecideBatchAsync(batch.ConvertAll(e => e.Item), _stopping.Token).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++) batch[i].Decision.TrySetResult(results[i]);
        }
        catch (Exception ex)
        {
            // DecideBatchAsync answers each request with an outcome; anything it throws is a bug that decides none of them.
            var failed = DuisOutcome.NotDecided(ex);
            foreach (var entry in batch) entry.Decision.TrySetResult(failed);
        }
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _requests, batch.Count);
    }

    /// <summary>Stops taking requests and waits (up to 30 s) for those already queued to be decided.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
        }
        // Past the wait, the dispatch of the batch in hand is cancelled; the token source is then left to the collector,
        // as a batch may still be using it.
        if (_idle.Wait(TimeSpan.FromSeconds(30))) _stopping.Dispose();
        else _stopping.Cancel();
    }

    private sealed record Entry(DuisBatchItem Item, TaskCompletionSource<DuisOutcome> Decision);
}
