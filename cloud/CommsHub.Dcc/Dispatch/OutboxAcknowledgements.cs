namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// Records users' MQTT PUBACKs of outbox messages off the user's lane and without a commit of their own while the adapter
/// is busy: each PUBACK is matched to its message in memory and queued (<see cref="UserOutbox.QueueAcknowledged"/>), and
/// the deletes ride on the next round of response finishes (<see cref="DuisAsyncResponses"/> writes them in its batch,
/// where the outbox rows of that round are inserted on the same pages). Only when no such round comes within
/// <c>bound</c> (an idle adapter) are they written here, in a commit of their own.
/// </summary>
/// <remarks>
/// <para>Delivery stays at least once, with nothing lost: until its delete is committed the message is still in the
/// outbox, so if the process dies first (or the write fails) the outbox sends it again at its next retry, the same bytes
/// under the same delivery key, which the user drops as a repeat. The retry is at least
/// <see cref="UserOutboxOptions.FirstRetry"/> (seconds) after the delivery, far beyond the bound (milliseconds), so a
/// running adapter does not resend what it was told about. Once the delete is committed, the message is never sent
/// again.</para>
/// <para>Thread-safe. The timer looks every half bound and writes the queue once its oldest entry has waited half the
/// bound, so an acknowledgement is written within <c>bound</c> (plus the commit); at once when <c>maxBatch</c> are
/// queued; and on <see cref="Dispose"/>.</para>
/// </remarks>
public sealed class OutboxAcknowledgements : IDisposable
{
    private readonly UserOutbox _outbox;
    private readonly TimeSpan _halfBound;
    private readonly int _maxBatch;
    private readonly Lock _flushGate = new();
    private readonly Timer _timer;
    private int _disposed;
    private long _failedBatches;

    /// <summary>Starts the bound's timer.</summary>
    /// <param name="outbox">Where the acknowledgements are queued and recorded.</param>
    /// <param name="bound">Longest an acknowledgement waits for a round to carry it before it is written alone (default
    /// <see cref="DefaultBound"/>).</param>
    /// <param name="maxBatch">Acknowledgements per transaction; reaching it writes at once (default 256).</param>
    public OutboxAcknowledgements(UserOutbox outbox, TimeSpan? bound = null, int maxBatch = 256)
    {
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        var every = bound ?? DefaultBound;
        ArgumentOutOfRangeException.ThrowIfLessThan(every, TimeSpan.FromMilliseconds(2), nameof(bound));
        _halfBound = every / 2;
        _maxBatch = maxBatch;
        Bound = every;
        _timer = new Timer(_ => WriteIfOverdue(), null, _halfBound, _halfBound);
    }

    /// <summary>The default bound: 100 ms. Under load a finish round comes every few milliseconds and takes the queue; the
    /// bound only matters when the adapter goes idle, and 100 ms is far below the first retry (10 s).</summary>
    public static readonly TimeSpan DefaultBound = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest an acknowledgement waits before it is written alone.</summary>
    public TimeSpan Bound { get; }

    /// <summary>Raised (on the writing thread) when a batch could not be written; its messages stay in the outbox.</summary>
    public event Action<Exception, int>? BatchFailed;

    /// <summary>Batches that failed to write.</summary>
    public long FailedBatches => Interlocked.Read(ref _failedBatches);

    /// <summary>
    /// Queues user <paramref name="user"/>'s acknowledgement of the publish of <paramref name="xml"/> (nothing, if it is
    /// not an outbox message awaiting its PUBACK, such as the synchronous I99). Returns false once disposed (shutting
    /// down): the caller records it itself.
    /// </summary>
    public bool TryEnqueue(ulong user, byte[] xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        if (Volatile.Read(ref _disposed) != 0) return false;
        if (_outbox.QueueAcknowledged(user, xml) && _outbox.AcknowledgementsWaiting >= _maxBatch)
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.TryFlush(), this, preferLocal: false);
        return true;
    }

    /// <summary>Writes every queued acknowledgement now, in commits of their own; returns how many messages were deleted.</summary>
    public int Flush()
    {
        lock (_flushGate) return FlushLocked();
    }

    private void WriteIfOverdue()
    {
        if (_outbox.OldestAcknowledgementWait >= _halfBound) TryFlush();
    }

    private void TryFlush() => TimedBatchWriter<object>.RunUnlessRunning(_flushGate, this, static s => s.FlushLocked());

    private int FlushLocked()
    {
        var removed = 0;
        while (_outbox.AcknowledgementsWaiting > 0)
        {
            var before = _outbox.AcknowledgementsLost;
            try
            {
                removed += _outbox.WriteAcknowledged(_maxBatch);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException or IOException)
            {
                // Nothing may escape a timer thread. The messages stay in the outbox and are sent again: a repeat, never a loss.
                Interlocked.Increment(ref _failedBatches);
                BatchFailed?.Invoke(ex, (int)(_outbox.AcknowledgementsLost - before));
            }
        }
        return removed;
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
