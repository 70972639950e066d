using System.Threading.Channels;

namespace CommsHub.Dcc.Pipeline;

/// <summary>
/// Decides requests that passed intake in batches (<see cref="DuisRequestProcessor.DecideBatchAsync"/>), for callers on
/// many threads: each caller queues its request and waits for its own decision; one worker takes whatever is queued (up
/// to the batch limit) and decides it as one batch, one store transaction. Under light load a request finds the worker
/// idle and is decided alone at once; under load the queue fills while a batch runs, and the next batch shares its
/// commit and keeps each stage's code and data in the processor's caches. The decisions are those the requests would
/// get one by one, in arrival order.
/// </summary>
public sealed class DecisionBatcher : IDisposable
{
    private readonly DuisRequestProcessor _processor;
    private readonly int _maxBatch;
    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _worker;
    private long _batches, _requests;

    /// <param name="processor">Decides the batches.</param>
    /// <param name="maxBatch">Requests one batch may carry at most (1: each request decided alone, still in arrival order).</param>
    public DecisionBatcher(DuisRequestProcessor processor, int maxBatch = DefaultMaxBatch)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        _processor = processor;
        _maxBatch = maxBatch;
        _worker = Task.Run(RunAsync);
    }

    /// <summary>The default batch limit: past a few dozen requests a batch gains no more, and its last request waits longer.</summary>
    public const int DefaultMaxBatch = 32;

    /// <summary>Requests one batch carries at most.</summary>
    public int MaxBatch => _maxBatch;

    /// <summary>Batches decided so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Requests decided so far (with <see cref="Batches"/>: the mean batch size).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Queues the request and returns its decision once its batch is decided and dispatched.</summary>
    /// <param name="item">The request.</param>
    /// <param name="cancellationToken">Stops waiting (the request may still be decided).</param>
    /// <exception cref="ObjectDisposedException">The batcher is stopping.</exception>
    /// <remarks>Throws what deciding the request threw: a store failure (its unit of work, or its batch's commit), or the
    /// replay guard's <see cref="Duis.DuisRejectedException"/> when <see cref="DuisBatchItem.CheckReplay"/> is set.</remarks>
    public Task<DuisDecision> DecideAsync(DuisBatchItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var entry = new Entry(item, new TaskCompletionSource<DuisDecision>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(entry)) throw new ObjectDisposedException(nameof(DecisionBatcher), "the decision batcher is stopping");
        return entry.Decision.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Entry>(_maxBatch);
        var items = new List<DuisBatchItem>(_maxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            items.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var entry))
            {
                batch.Add(entry);
                items.Add(entry.Item);
            }
            try
            {
                var results = await _processor.DecideBatchAsync(items, _stopping.Token).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (results[i].Failure is { } failure) batch[i].Decision.TrySetException(failure.SourceException);
                    else batch[i].Decision.TrySetResult(results[i].Value!);
                }
            }
            catch (Exception ex)
            {
                // DecideBatchAsync reports each request's failure in its result; anything else fails the whole batch.
                foreach (var entry in batch) entry.Decision.TrySetException(ex);
            }
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _requests, batch.Count);
        }
    }

    /// <summary>Stops taking requests, decides those already queued, and waits for the worker (up to 30 s).</summary>
    public void Dispose()
    {
        if (!_queue.Writer.TryComplete()) return;
        // Past the wait, the dispatch of the batch in hand is cancelled; the token source is then left to the collector,
        // as the worker may still be using it.
        if (_worker.Wait(TimeSpan.FromSeconds(30))) _stopping.Dispose();
        else _stopping.Cancel();
    }

    private sealed record Entry(DuisBatchItem Item, TaskCompletionSource<DuisDecision> Decision);
}
