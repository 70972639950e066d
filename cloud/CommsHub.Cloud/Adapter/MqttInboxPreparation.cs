using CommsHub.Cloud.Mqtt.Inbound;

namespace CommsHub.Cloud.Adapter;

/// <summary>
/// The order-free stage of an inbox pass: work on a message that depends on no other message and on nothing an earlier
/// message changes (a DUIS request's load, XSD, header and XMLDSig check), done for a pass's messages on several threads
/// at once before the <see cref="MqttInboxReader"/> runs their handlers in lane order on its own thread. What the stage
/// leaves on a message (<see cref="MqttInboundMessage.Prepared"/>) its handler takes up; the ordered remainder (replay
/// counters, decisions, commits) is untouched.
/// </summary>
/// <remarks>
/// One hand-over per pass, not per message: the reader's thread queues up to <see cref="Threads"/> - 1 helpers to the
/// thread pool and works through the same list itself; each thread claims the next message with one interlocked step. The
/// reader then waits only for messages a helper has already claimed (it never waits for a helper to start: one that
/// starts late finds nothing left), so a busy thread pool cannot stall it. The stage is the CPU-heavy part of a request's
/// intake (about 93 us of a signed read); with two or more cores it runs beside the reader's rounds and the broker.
/// </remarks>
public sealed class MqttInboxPreparation : IDisposable
{
    private readonly Func<MqttInboundMessage, bool> _wants;
    private readonly Action<MqttInboundMessage> _prepare;
    private readonly ManualResetEventSlim _finished = new(false, spinCount: 20);
    private int[] _chosen = [];
    private long _prepared, _aside;

    /// <param name="wants">Whether a message has an order-free stage (called on the reader's thread).</param>
    /// <param name="prepare">The stage; runs on any thread, several messages at once. What it throws is kept for the
    /// message's turn in its lane, where it fails that message alone.</param>
    /// <param name="threads">Threads the stage runs on at most, the reader's own included (1: the reader's only).</param>
    public MqttInboxPreparation(Func<MqttInboundMessage, bool> wants, Action<MqttInboundMessage> prepare, int threads)
    {
        ArgumentNullException.ThrowIfNull(wants);
        ArgumentNullException.ThrowIfNull(prepare);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        _wants = wants;
        _prepare = prepare;
        Threads = threads;
    }

    /// <summary>Threads the stage runs on at most, the reader's own included.</summary>
    public int Threads { get; }

    /// <summary>Messages the stage ran for.</summary>
    public long Prepared => Interlocked.Read(ref _prepared);

    /// <summary>Of those, the messages a helper (not the reader's thread) prepared.</summary>
    public long PreparedAside => Interlocked.Read(ref _aside);

    /// <summary>Runs the stage for those of <paramref name="messages"/>[0..<paramref name="count"/>) that want it; returns
    /// when every one is done. A message whose stage threw has the exception in <paramref name="failures"/> at its index.</summary>
    internal void Run(MqttInboundMessage[] messages, int count, Exception?[] failures)
    {
        if (_chosen.Length < count) _chosen = new int[count];
        var chosen = 0;
        for (var i = 0; i < count; i++)
            if (_wants(messages[i])) _chosen[chosen++] = i;
        if (chosen == 0) return;
        Interlocked.Add(ref _prepared, chosen);
        var helpers = Math.Min(Threads, chosen) - 1;
        if (helpers == 0)
        {
            for (var k = 0; k < chosen; k++) PrepareOne(messages, _chosen[k], failures);
            return;
        }
        // A new batch per hand-over: a helper that starts after this one ended holds the old batch, whose list is used up.
        var batch = new Batch(this, messages, _chosen, chosen, failures);
        _finished.Reset();
        for (var h = 0; h < helpers; h++) ThreadPool.UnsafeQueueUserWorkItem(batch, preferLocal: false);
        batch.Work(helper: false);
        // Only messages a helper claimed and is working on are left; none is left unclaimed.
        _finished.Wait();
    }

    private void PrepareOne(MqttInboundMessage[] messages, int index, Exception?[] failures)
    {
        try
        {
            _prepare(messages[index]);
        }
        catch (Exception ex)
        {
            failures[index] = ex;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _finished.Dispose();

    private sealed class Batch(MqttInboxPreparation owner, MqttInboundMessage[] messages, int[] chosen, int count, Exception?[] failures)
        : IThreadPoolWorkItem
    {
        private readonly int _count = count;
        private int _next = -1;
        private int _left = count;

        public void Execute() => Work(helper: true);

        public void Work(bool helper)
        {
            int k;
            while ((k = Interlocked.Increment(ref _next)) < _count)
            {
                owner.PrepareOne(messages, chosen[k], failures);
                if (helper) Interlocked.Increment(ref owner._aside);
                // The last one done lets the reader go on; the counts above are written before it.
                if (Interlocked.Decrement(ref _left) == 0) owner._finished.Set();
            }
        }
    }
}
