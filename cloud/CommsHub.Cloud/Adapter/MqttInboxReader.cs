using System.Runtime.ExceptionServices;
using CommsHub.Cloud.Mqtt.Inbound;
using CommsHub.Dcc.Pipeline;
using MQTTnet.Protocol;

namespace CommsHub.Cloud.Adapter;

/// <summary>
/// Reads the <see cref="MqttInbox"/> in passes and runs each message's handler in its lane: one hub's or one user's
/// messages one after another in arrival order (a user's replay counters must be seen in the order it sent them),
/// different hubs and users side by side. A pass takes what is waiting (up to <c>maxPass</c> messages) and runs each
/// handler on the reader's thread up to its first wait, inside the pass's gatherings (<see cref="Gathering.Enter"/>); the
/// pass's rounds (<see cref="Gathering.RunAllAsync"/>) then write what the handlers gathered, one store commit per round
/// and kind, and the handlers continue on the thread running the rounds.
/// </summary>
/// <remarks>
/// <para>With one thread, a pass's rounds run on the reader's thread before it takes the next pass, so the adapter is a
/// serial pipeline of at most one core. With two, the passes are pipelined: while one thread runs pass N's rounds (commit,
/// then the handlers' continuations: signing and sending answers), the reader takes pass N+1 and runs its handlers' first
/// parts (parse, schema, signature) on another; what arrives meanwhile joins pass N+1 until pass N's rounds end (so the
/// commits stay batched). A pass of one message, taken while idle with nothing behind it, runs its rounds on the
/// reader's own thread, as with one thread (under light load a hand-over to another thread would only delay its answer);
/// any other pass hands its rounds to another thread. At most one pass's rounds run at a time. A lane's next message never runs before the one ahead of
/// it has returned: if that one is still in pass N's rounds, its successor continues there, in pass N's gathering.</para>
/// <para>With a <see cref="MqttInboxPreparation"/>, a pass first reads what is waiting and runs the messages' order-free
/// stage (a DUIS request's parse, schema and signature check) on several threads at once, then their handlers in arrival
/// order on the reader's thread as above, in the same gatherings: the replay counters, decisions and commits keep their
/// order per lane, and only the work that depends on no other message leaves the reader's thread.</para>
/// <para>At most <c>capacity</c> messages are in hand at once; beyond that the inbox fills and the source waits. Each
/// message is completed with its PUBACK reason code when its handler returns (for a request or up frame: after its
/// outcome is committed), exactly once; abandoned (not acknowledged) if the reader stops before it is handled.</para>
/// </remarks>
public sealed class MqttInboxReader : IDisposable
{
    private readonly MqttInbox _inbox;
    private readonly Func<MqttInboundMessage, CancellationToken, Task<MqttPubAckReasonCode>> _handle;
    private readonly Func<IGathering[]> _gather;
    private readonly Action<Exception, MqttInboundMessage> _failed;
    private readonly int _maxPass;
    private readonly Lock _sync = new();
    private readonly Dictionary<(bool, ulong), Task> _lanes = [];
    private readonly SemaphoreSlim _inHand;
    private readonly MqttInboxPreparation? _preparation;
    // With a preparation: the messages read for its next run, and what their stage threw.
    private readonly MqttInboundMessage?[] _read;
    private readonly Exception?[] _prepareFailures;
    private long _passes, _taken;

    /// <param name="inbox">What to read.</param>
    /// <param name="handle">Handles one message; its PUBACK reason code.</param>
    /// <param name="gather">Starts the gatherings of one pass (the DUIS decisions', the response finishes').</param>
    /// <param name="failed">Told of a handler that threw (the message is then completed with an error, not as handled).</param>
    /// <param name="maxPass">Messages one pass takes at most.</param>
    /// <param name="threads">1: each pass's rounds run on the reader's thread before the next pass; 2: pipelined.</param>
    /// <param name="preparation">The order-free stage run for what a pass reads, on several threads, before the handlers
    /// run in lane order; null: none (each handler does all its work in its turn). The reader disposes it.</param>
    public MqttInboxReader(
        MqttInbox inbox, Func<MqttInboundMessage, CancellationToken, Task<MqttPubAckReasonCode>> handle, Func<IGathering[]> gather,
        Action<Exception, MqttInboundMessage> failed, int maxPass, int threads, MqttInboxPreparation? preparation = null)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(gather);
        ArgumentNullException.ThrowIfNull(failed);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPass);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threads, MaxThreads);
        _inbox = inbox;
        _handle = handle;
        _gather = gather;
        _failed = failed;
        _maxPass = maxPass;
        Threads = threads;
        _inHand = new SemaphoreSlim(inbox.Capacity, inbox.Capacity);
        _preparation = preparation;
        _read = preparation is null ? [] : new MqttInboundMessage?[maxPass];
        _prepareFailures = preparation is null ? [] : new Exception?[maxPass];
    }

    /// <summary>The most threads a reader uses: past two stages (take and first parts; rounds and continuations) there is
    /// nothing more to overlap.</summary>
    public const int MaxThreads = 2;

    /// <summary>The default: one thread. Two gave no clear gain in requests/s on the shared 2-core bench machine and a
    /// higher p99 in closed-loop runs at max rate (docs/bench/perf-parallel.md); kept opt-in until a quiet machine says.</summary>
    public const int DefaultThreads = 1;

    /// <summary>The default for <c>CommsHub:Mqtt:IntakeThreads</c>: 1, the reader's thread only. Under the bench's load a
    /// pass carried about one request (0.6-1.4), so a helper thread found little to take (6-21 % of the requests) and
    /// the figures did not move clearly (docs/bench/perf-intake.md). With the embedded broker, <c>CommsHub:Mqtt:IntakeOnPost</c>
    /// admits the requests on the clients' threads instead.</summary>
    public const int DefaultIntakeThreads = 1;

    /// <summary>The most threads <c>CommsHub:Mqtt:IntakeThreads</c> may name.</summary>
    public const int MaxIntakeThreads = 64;

    /// <summary>1: serial passes; 2: pipelined passes.</summary>
    public int Threads { get; }

    /// <summary>Passes run so far.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>Messages the passes took so far.</summary>
    public long Taken => Interlocked.Read(ref _taken);

    /// <summary>Messages whose order-free stage ran so far (0 without a preparation).</summary>
    public long Prepared => _preparation?.Prepared ?? 0;

    /// <summary>Of those, the messages prepared on a thread other than the reader's.</summary>
    public long PreparedAside => _preparation?.PreparedAside ?? 0;

    /// <summary>Reads until <paramref name="stoppingToken"/> fires or the inbox is closed; then abandons what is still
    /// queued and waits for the messages in hand.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (Threads > 1) await ReadPipelinedAsync(stoppingToken).ConfigureAwait(false);
            else
            {
                while (await _inbox.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
                {
                    await ReadWaitingAsync(stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued was never acknowledged, so its source delivers it again.
        }
        _inbox.Close();
        while (_inbox.Reader.TryRead(out var left)) left.Abandon();
        Task[] running;
        lock (_sync) running = [.. _lanes.Values];
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    // One pass over what is waiting. Each user has at most one request in the inbox (the broker holds the user's connection
    // until its message is handled), and each hub's up frames are handled one after another, so requests and up frames
    // meet only here: run one by one, each would be a commit of its own. Gathered, the pass's decisions share one commit,
    // and so do its answers to responses.
    private async Task ReadWaitingAsync(CancellationToken stoppingToken)
    {
        var pass = _gather();
        Interlocked.Increment(ref _passes);
        MqttInboundMessage? waiting = null;
        try
        {
            Take(pass, 0, out waiting, stoppingToken);
        }
        finally
        {
            await Gathering.RunAllAsync(pass).ConfigureAwait(false);
        }
        if (waiting is null) return;
        // Full: what was gathered may have been what frees a place, so it was decided before waiting.
        await WaitForPlaceAsync(waiting, stoppingToken).ConfigureAwait(false);
        EnqueueAlone(waiting, stoppingToken);
    }

    // Pipelined passes: this thread takes pass N+1 while another runs pass N's rounds.
    private async Task ReadPipelinedAsync(CancellationToken stoppingToken)
    {
        // The previous pass's rounds (never faults: Gathering.RunAllAsync answers each item, failure included).
        var rounds = Task.CompletedTask;
        // Kept across passes when the rounds ended first, so that each wait does not leave a waiter behind.
        Task<bool>? readable = null;
        // A message read when the hand was full; it holds a place once WaitForPlaceAsync returns.
        MqttInboundMessage? waiting = null;
        try
        {
            while (true)
            {
                if (waiting is null)
                {
                    readable ??= _inbox.Reader.WaitToReadAsync(stoppingToken).AsTask();
                    if (!await readable.ConfigureAwait(false)) return;
                    readable = null;
                }
                var pass = _gather();
                Interlocked.Increment(ref _passes);
                var taken = 0;
                var busy = !rounds.IsCompleted;
                try
                {
                    if (waiting is not null)
                    {
                        using (Gathering.Enter(pass)) EnqueueAlone(waiting, stoppingToken);
                        waiting = null;
                        taken = 1;
                    }
                    while (true)
                    {
                        taken = Take(pass, taken, out waiting, stoppingToken);
                        if (waiting is not null || taken >= _maxPass || rounds.IsCompleted) break;
                        // Until the previous pass's rounds end, what arrives joins this pass.
                        readable ??= _inbox.Reader.WaitToReadAsync(stoppingToken).AsTask();
                        await Task.WhenAny(readable, rounds).ConfigureAwait(false);
                        if (!readable.IsCompleted) continue;
                        var open = await readable.ConfigureAwait(false);
                        readable = null;
                        if (!open) break;
                    }
                }
                finally
                {
                    // Also when stopping: a pass's gatherings run to their end, or their callers wait for ever.
                    await rounds.ConfigureAwait(false);
                    rounds = taken == 0 || (taken == 1 && !busy && waiting is null && _inbox.Reader.Count == 0)
                        ? Gathering.RunAllAsync(pass)
                        : Task.Run(() => Gathering.RunAllAsync(pass));
                }
                // A lone message with nothing behind it (light load): its rounds ran (up to their first real wait) on this
                // thread, as with one thread, with no hand-over to delay them. Otherwise they run on another thread while this
                // one takes the next pass.
                if (waiting is not null) await WaitForPlaceAsync(waiting, stoppingToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await rounds.ConfigureAwait(false);
        }
    }

    // Takes what is waiting into the pass (until it holds maxPass), running each handler on this thread up to its first
    // wait; a message that found the hand full is returned in waiting, not taken. Returns how many the pass holds.
    private int Take(IGathering[] pass, int taken, out MqttInboundMessage? waiting, CancellationToken stoppingToken)
    {
        if (_preparation is not null) return TakePrepared(pass, taken, out waiting, stoppingToken);
        waiting = null;
        using (Gathering.Enter(pass))
        {
            while (taken < _maxPass && _inbox.Reader.TryRead(out var message))
            {
                if (!_inHand.Wait(0))
                {
                    waiting = message;
                    break;
                }
                taken++;
                Enqueue(message, null, stoppingToken);
            }
        }
        return taken;
    }

    // Take with an order-free stage: what is waiting is read first, its stage runs on several threads at once, then the
    // handlers run in arrival order as in Take; what arrived meanwhile is read and prepared next, into the same pass.
    private int TakePrepared(IGathering[] pass, int taken, out MqttInboundMessage? waiting, CancellationToken stoppingToken)
    {
        waiting = null;
        using (Gathering.Enter(pass))
        {
            // Stopping: what was read is handled, nothing more is read (it stays queued and is abandoned).
            while (taken < _maxPass && waiting is null && !stoppingToken.IsCancellationRequested)
            {
                var read = 0;
                while (taken + read < _maxPass && _inbox.Reader.TryRead(out var message))
                {
                    if (!_inHand.Wait(0))
                    {
                        waiting = message;
                        break;
                    }
                    _read[read++] = message;
                }
                if (read == 0) break;
                // Each message read holds a place in hand: from here on it is handled (or failed) in its lane, stop or not.
                _preparation!.Run(_read!, read, _prepareFailures);
                for (var i = 0; i < read; i++)
                {
                    Enqueue(_read[i]!, _prepareFailures[i], stoppingToken);
                    _read[i] = null;
                    _prepareFailures[i] = null;
                }
                taken += read;
            }
        }
        return taken;
    }

    private async Task WaitForPlaceAsync(MqttInboundMessage waiting, CancellationToken stoppingToken)
    {
        var placed = false;
        try
        {
            await _inHand.WaitAsync(stoppingToken).ConfigureAwait(false);
            placed = true;
            // A place freed just as the stop came may still be granted: stopping wins, the reader takes nothing more.
            stoppingToken.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException)
        {
            if (placed) _inHand.Release();
            // Stopping: never acknowledged, so its source delivers it again.
            waiting.Abandon();
            throw;
        }
    }

    // Chains the message behind the earlier ones of its hub or user. Only the chaining is under the lock: the handler
    // runs outside it (its first part is the costly one, and the rounds' thread takes the lock to end a lane).
    // Enqueues a message taken on its own (it found the hand full), after its order-free stage, on this thread.
    private void EnqueueAlone(MqttInboundMessage message, CancellationToken stoppingToken)
    {
        if (_preparation is null)
        {
            Enqueue(message, null, stoppingToken);
            return;
        }
        _read[0] = message;
        _preparation.Run(_read!, 1, _prepareFailures);
        var failed = _prepareFailures[0];
        _read[0] = null;
        _prepareFailures[0] = null;
        Enqueue(message, failed, stoppingToken);
    }

    // prepareFailed: what the message's order-free stage threw (it then fails in its turn, without its handler).
    private void Enqueue(MqttInboundMessage message, Exception? prepareFailed, CancellationToken stoppingToken)
    {
        Interlocked.Increment(ref _taken);
        var lane = message.Lane;
        // Continuations run synchronously: the lane's next message continues on the thread that ended this one, inside
        // whatever gathering that thread is in (the rounds' thread: its next round).
        var done = new TaskCompletionSource();
        Task? before;
        lock (_sync)
        {
            before = _lanes.GetValueOrDefault(lane);
            _lanes[lane] = done.Task;
        }
        _ = RunAfterAsync(before, message, lane, done, prepareFailed, stoppingToken);
    }

    private async Task RunAfterAsync(
        Task? before, MqttInboundMessage message, (bool, ulong) lane, TaskCompletionSource done, Exception? prepareFailed,
        CancellationToken stoppingToken)
    {
        // Never faults (done is only ever set to a result), so a lane is never broken by one bad message.
        if (before is not null) await before.ConfigureAwait(false);
        try
        {
            // A failed order-free stage fails its message as a throwing handler would, in its turn, and nothing else.
            if (prepareFailed is not null) ExceptionDispatchInfo.Throw(prepareFailed);
            message.Complete(await _handle(message, stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            message.Abandon();
        }
        catch (Exception ex)
        {
            // A handler bug must neither stop the inbox nor acknowledge the message as handled.
            _failed(ex, message);
            message.Complete(MqttPubAckReasonCode.UnspecifiedError);
        }
        finally
        {
            _inHand.Release();
            lock (_sync)
            {
                if (_lanes.TryGetValue(lane, out var last) && last == done.Task) _lanes.Remove(lane);
            }
            done.SetResult();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _inHand.Dispose();
        _preparation?.Dispose();
    }
}
