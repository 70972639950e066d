using System.Diagnostics.CodeAnalysis;

namespace CommsHub.Firmware.Host.Runtime;

/// <summary>
/// The work of one hub, run one item at a time, first in first out, by whichever thread owns the queue: the hub's
/// loop thread, or a thread that queued work while nobody owned it (<see cref="TryAddAndOwn"/>: the MQTT client's
/// thread that just received a command or a PUBACK runs it at once instead of waking the loop thread, which on two
/// shared cores cost a context switch per frame). The owner runs everything queued meanwhile before it lets go, so the
/// engine still sees one thread at a time; the lock orders its memory between owners.
/// <para>
/// Not <c>BlockingCollection</c>: it waits on a <c>SemaphoreSlim</c>, which spins and yields (<c>sched_yield</c>)
/// before it blocks, a quarter of the hubs process's CPU under the bench's load. The loop thread here sleeps at once.
/// </para>
/// </summary>
internal sealed class HubWorkQueue
{
    private readonly Queue<Action> _items = new();
    private readonly object _gate = new();
    private bool _owned;
    private bool _loopWantsOwnership;
    private bool _loopSleeping;
    private bool _wakeRequested;
    private bool _addingCompleted;

    /// <summary>True once <see cref="CompleteAdding"/> was called and every item was taken.</summary>
    public bool IsCompleted
    {
        get { lock (_gate) return _addingCompleted && _items.Count == 0; }
    }

    /// <summary>True while the loop thread waits in <see cref="Own"/> for the current owner to let go.</summary>
    public bool LoopWantsOwnership
    {
        get { lock (_gate) return _loopWantsOwnership; }
    }

    /// <summary>True once <see cref="CompleteAdding"/> was called.</summary>
    public bool IsAddingCompleted
    {
        get { lock (_gate) return _addingCompleted; }
    }

    /// <summary>
    /// Queues <paramref name="work"/> for the owner, or for the loop thread (woken) when nobody owns the queue; false
    /// (nothing queued) after <see cref="CompleteAdding"/>.
    /// </summary>
    public bool TryAdd(Action work) => TryAdd(work, mayOwn: false, out _);

    /// <summary>
    /// Queues <paramref name="work"/>; when nobody owns the queue (and the loop thread is not waiting for it),
    /// <paramref name="owner"/> is true and the caller now owns it: it must run the items with <see cref="TryTakeOwned"/>
    /// until that returns false. Never make a thread the owner that may block on what the items wait for.
    /// </summary>
    public bool TryAddAndOwn(Action work, out bool owner) => TryAdd(work, mayOwn: true, out owner);

    /// <summary>
    /// The owner takes the next item; when none is left it gives up ownership (to the loop thread if that is waiting)
    /// and returns false.
    /// </summary>
    public bool TryTakeOwned([NotNullWhen(true)] out Action? work)
    {
        lock (_gate)
        {
            if (_items.TryDequeue(out work)) return true;
            _owned = false;
            if (_loopWantsOwnership) Monitor.PulseAll(_gate);
            return false;
        }
    }

    /// <summary>
    /// Loop thread: sleeps until work waits that nobody owns, <see cref="Wake"/> or <see cref="CompleteAdding"/> is
    /// called, or <paramref name="timeout"/> passes.
    /// </summary>
    public void WaitForWork(TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_wakeRequested || _addingCompleted || (_items.Count > 0 && !_owned) || timeout <= TimeSpan.Zero)
            {
                _wakeRequested = false;
                return;
            }
            _loopSleeping = true;
            // Whole milliseconds, rounded up: Monitor.Wait takes milliseconds, and a wait of under one truncated to
            // zero returns at once, so the loop spun (re-reading the clock) through the last millisecond before
            // every tick.
            try { Monitor.Wait(_gate, (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalMilliseconds))); }
            finally { _loopSleeping = false; }
            _wakeRequested = false;
        }
    }

    /// <summary>Loop thread: waits until the current owner (if any) lets go, then owns the queue.</summary>
    public void Own()
    {
        lock (_gate)
        {
            _loopWantsOwnership = true;
            try
            {
                while (_owned) Monitor.Wait(_gate);
            }
            finally
            {
                _loopWantsOwnership = false;
            }
            _owned = true;
        }
    }

    /// <summary>Ends the loop thread's current or next <see cref="WaitForWork"/> at once.</summary>
    public void Wake()
    {
        lock (_gate)
        {
            _wakeRequested = true;
            if (_loopSleeping) Monitor.PulseAll(_gate);
        }
    }

    /// <summary>No more items are accepted; a sleeping loop thread is woken.</summary>
    public void CompleteAdding()
    {
        lock (_gate)
        {
            _addingCompleted = true;
            Monitor.PulseAll(_gate);
        }
    }

    private bool TryAdd(Action work, bool mayOwn, out bool owner)
    {
        lock (_gate)
        {
            owner = false;
            if (_addingCompleted) return false;
            _items.Enqueue(work);
            if (_owned) return true; // the owner runs it before it lets go
            if (mayOwn && !_loopWantsOwnership)
            {
                _owned = owner = true;
                return true;
            }
            // Only a sleeping loop needs the wake-up (a pulse costs a futex call).
            if (_loopSleeping) Monitor.PulseAll(_gate);
            return true;
        }
    }
}
