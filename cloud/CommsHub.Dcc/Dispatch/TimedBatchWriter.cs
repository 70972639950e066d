using System.Collections.Concurrent;

namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// Queues items in memory and writes them to the store in batches, off the threads that queue them: every
/// <c>interval</c>, at once when <c>maxBatch</c> items are queued, and on <see cref="Dispose()"/>. The base of the
/// writers whose late write is safe (<see cref="SentMarks"/>, <see cref="OutboxAcknowledgements"/>): one store commit
/// for a batch instead of one per item on the request path. Thread-safe.
/// </summary>
/// <typeparam name="T">What is queued.</typeparam>
public abstract class TimedBatchWriter<T> : IDisposable
{
    private readonly int _maxBatch;
    private readonly ConcurrentQueue<T> _queue = new();
    private readonly Lock _flushGate = new();
    private readonly Timer _timer;
    private int _queued;
    private int _disposed;
    private long _failedBatches;

    /// <summary>Starts the background writer.</summary>
    /// <param name="interval">Longest an item waits (default 20 ms).</param>
    /// <param name="maxBatch">Items per batch; reaching it writes at once.</param>
    protected TimedBatchWriter(TimeSpan? interval, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        var every = interval ?? TimeSpan.FromMilliseconds(20);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero, nameof(interval));
        _maxBatch = maxBatch;
        _timer = new Timer(_ => TryFlush(), null, every, every);
    }

    /// <summary>Batches that failed to write (<see cref="Failed"/> says what becomes of their items).</summary>
    public long FailedBatches => Interlocked.Read(ref _failedBatches);

    /// <summary>Queues <paramref name="item"/>; false once disposed (shutting down): the caller writes it itself.</summary>
    protected bool TryQueue(T item)
    {
        if (Volatile.Read(ref _disposed) != 0) return false;
        _queue.Enqueue(item);
        if (Interlocked.Increment(ref _queued) == _maxBatch) ThreadPool.UnsafeQueueUserWorkItem(static s => s.TryFlush(), this, preferLocal: false);
        return true;
    }

    /// <summary>Writes every queued item now; returns the sum of what <see cref="Write"/> returned.</summary>
    public int Flush()
    {
        lock (_flushGate) return FlushLocked();
    }

    /// <summary>Writes one batch (one statement or one unit of work); returns how many rows it changed.</summary>
    protected abstract int Write(IReadOnlyList<T> batch);

    /// <summary>A batch failed to write with a store error (called on the writing thread; nothing may escape it).</summary>
    protected virtual void Failed(IReadOnlyList<T> batch, Exception error)
    {
    }

    /// <summary>A batch is finished with, written or not.</summary>
    protected virtual void Done(IReadOnlyList<T> batch)
    {
    }

    private void TryFlush() => RunUnlessRunning(_flushGate, this, static s => s.FlushLocked());

    /// <summary>Runs <paramref name="flush"/> under <paramref name="gate"/>, or not at all when a flush holds it already
    /// (that one takes what is queued): what a timer or a full queue starts never waits behind another flush.</summary>
    internal static void RunUnlessRunning<TState>(Lock gate, TState state, Action<TState> flush)
    {
        if (!gate.TryEnter()) return;
        try
        {
            flush(state);
        }
        finally
        {
            gate.Exit();
        }
    }

    private int FlushLocked()
    {
        var changed = 0;
        var batch = new List<T>();
        while (true)
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.TryDequeue(out var item)) batch.Add(item);
            if (batch.Count == 0) return changed;
            Interlocked.Add(ref _queued, -batch.Count);
            try
            {
                changed += Write(batch);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException or IOException)
            {
                // Nothing may escape a timer thread; the subclass says why losing the batch is safe.
                Interlocked.Increment(ref _failedBatches);
                Failed(batch, ex);
            }
            finally
            {
                Done(batch);
            }
        }
    }

    /// <summary>Stops the timer and writes what is queued.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the timer and writes what is queued (when <paramref name="disposing"/>).</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing || Interlocked.Exchange(ref _disposed, 1) != 0) return;
        using (var stopped = new ManualResetEvent(false))
        {
            if (_timer.Dispose(stopped)) stopped.WaitOne();
        }
        Flush();
    }
}
