using System.Collections.Concurrent;
using CommsHub.Dcc.Storage;

namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// Writes the Pending -> Sent marks of published commands in batches: one statement per batch instead of one commit
/// per request on the request path (group commit).
/// </summary>
/// <remarks>
/// <para>Dispatch stays at least once, as <see cref="MqttCommandDispatcher"/> documents: a command is published before its
/// mark is queued, so if the process dies before the batch is written the request is still Pending in the store and a
/// sweeper publishes it again (the hub refuses the repeat by its GBCS counter). A mark may only arrive late, never
/// early.</para>
/// <para>While a mark is queued, this instance knows the request was published (<see cref="IsQueued"/>), so its own
/// sweeper does not publish it a second time. Correlation accepts a response for a request still Pending (the
/// response proves the publish), and the late mark's compare-and-set then changes nothing. A batch that fails to write
/// is dropped: its requests stay Pending and are published again by the sweeper, as after a crash.</para>
/// <para>Thread-safe. Batches are written every <c>interval</c>, or at once when <c>maxBatch</c> marks are queued, and
/// on <see cref="Dispose"/>.</para>
/// </remarks>
public sealed class SentMarks : IDisposable
{
    private readonly IDccStore _store;
    private readonly int _maxBatch;
    private readonly ConcurrentQueue<string> _queue = new();
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);
    private readonly Lock _flushGate = new();
    private readonly Timer _timer;
    private int _disposed;
    private long _written;
    private long _failedBatches;

    /// <summary>Starts the background writer.</summary>
    /// <param name="store">Where the marks are written.</param>
    /// <param name="interval">Longest a mark waits (default 20 ms).</param>
    /// <param name="maxBatch">Marks per statement; reaching it writes at once (default 256).</param>
    public SentMarks(IDccStore store, TimeSpan? interval = null, int maxBatch = 256)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        var every = interval ?? TimeSpan.FromMilliseconds(20);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero, nameof(interval));
        _maxBatch = maxBatch;
        _timer = new Timer(_ => TryFlush(), null, every, every);
    }

    /// <summary>Marks written so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Batches that failed to write (their requests stay Pending for the sweeper).</summary>
    public long FailedBatches => Interlocked.Read(ref _failedBatches);

    /// <summary>
    /// Queues the mark of a request that was just published. Returns false once disposed (shutting down): the caller
    /// writes the mark itself.
    /// </summary>
    public bool TryEnqueue(string requestId)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        if (Volatile.Read(ref _disposed) != 0) return false;
        if (!_queued.TryAdd(requestId, 0)) return true;
        _queue.Enqueue(requestId);
        if (_queue.Count >= _maxBatch) ThreadPool.UnsafeQueueUserWorkItem(static s => s.TryFlush(), this, preferLocal: false);
        return true;
    }

    /// <summary>True while the request's mark is queued: it was published by this instance and is not yet Sent in the store.</summary>
    public bool IsQueued(string requestId) => _queued.ContainsKey(requestId);

    /// <summary>Writes every queued mark now (one statement per batch); returns how many changed a request.</summary>
    public int Flush()
    {
        lock (_flushGate) return FlushLocked();
    }

    private void TryFlush()
    {
        if (!_flushGate.TryEnter()) return; // a flush is running; it takes what is queued
        try
        {
            FlushLocked();
        }
        finally
        {
            _flushGate.Exit();
        }
    }

    private int FlushLocked()
    {
        var changed = 0;
        var batch = new List<string>(Math.Min(_maxBatch, Math.Max(_queue.Count, 1)));
        while (true)
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.TryDequeue(out var id)) batch.Add(id);
            if (batch.Count == 0) return changed;
            try
            {
                // One statement per batch: atomic by itself, and one statement instead of one per request.
                changed += _store.PendingRequests.MarkSent(batch);
                Interlocked.Add(ref _written, batch.Count);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException)
            {
                // Nothing may escape a timer thread. The requests stay Pending: the sweeper publishes them again.
                Interlocked.Increment(ref _failedBatches);
            }
            finally
            {
                foreach (var id in batch) _queued.TryRemove(id, out _);
            }
        }
    }

    /// <summary>Stops the timer and writes what is queued.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        using (var stopped = new ManualResetEvent(false))
        {
            if (_timer.Dispose(stopped)) stopped.WaitOne();
        }
        Flush();
    }
}
