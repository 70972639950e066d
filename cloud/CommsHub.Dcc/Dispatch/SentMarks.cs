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
/// on <see cref="TimedBatchWriter{T}.Dispose()"/>.</para>
/// </remarks>
public sealed class SentMarks : TimedBatchWriter<string>
{
    private readonly IDccStore _store;
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);
    private long _written;

    /// <summary>Starts the background writer.</summary>
    /// <param name="store">Where the marks are written.</param>
    /// <param name="interval">Longest a mark waits (default 20 ms).</param>
    /// <param name="maxBatch">Marks per statement; reaching it writes at once (default 256).</param>
    public SentMarks(IDccStore store, TimeSpan? interval = null, int maxBatch = 256)
        : base(interval, maxBatch)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
    }

    /// <summary>Marks written so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>
    /// Queues the mark of a request that was just published. Returns false once disposed (shutting down): the caller
    /// writes the mark itself.
    /// </summary>
    public bool TryEnqueue(string requestId)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        if (!_queued.TryAdd(requestId, 0)) return true;
        if (TryQueue(requestId)) return true;
        _queued.TryRemove(requestId, out _);
        return false;
    }

    /// <summary>True while the request's mark is queued: it was published by this instance and is not yet Sent in the store.</summary>
    public bool IsQueued(string requestId) => _queued.ContainsKey(requestId);

    // One statement per batch: atomic by itself, and one statement instead of one per request. A batch that fails leaves
    // its requests Pending: the sweeper publishes them again.
    /// <inheritdoc/>
    protected override int Write(IReadOnlyList<string> batch)
    {
        var changed = _store.PendingRequests.MarkSent(batch);
        Interlocked.Add(ref _written, batch.Count);
        return changed;
    }

    /// <inheritdoc/>
    protected override void Done(IReadOnlyList<string> batch)
    {
        foreach (var id in batch) _queued.TryRemove(id, out _);
    }
}
