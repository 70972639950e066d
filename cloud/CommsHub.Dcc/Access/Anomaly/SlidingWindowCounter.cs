using System.Collections.Concurrent;

namespace CommsHub.Dcc.Access;

/// <summary>
/// Counts events per (user, SRV) over a sliding window: each key keeps the times of its events inside the window.
/// In memory, per adapter instance (<see cref="AnomalyCounting.InProcess"/>): with N instances behind shared
/// subscriptions a user can reach up to N times the threshold before one of them trips, so scale-out uses
/// <see cref="StoreWindowCounter"/> (<see cref="AnomalyCounting.Shared"/>). Counts are not transactional: a request whose
/// store transaction rolls back stays counted here.
/// </summary>
public sealed class SlidingWindowCounter : IAnomalyWindowCounter
{
    private readonly ConcurrentDictionary<(ulong User, string Srv), Queue<DateTimeOffset>> _events = new();

    /// <summary>Records one event at <paramref name="at"/> and returns how many fall within (at - window, at].</summary>
    public int Add(ulong user, string srv, DateTimeOffset at, TimeSpan window)
    {
        var queue = _events.GetOrAdd((user, srv), static _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            var floor = at - window;
            while (queue.Count > 0 && queue.Peek() <= floor) queue.Dequeue();
            queue.Enqueue(at);
            return queue.Count;
        }
    }

    /// <summary>Forgets the events of one key (after an operator released its quarantine, the burst was vouched for).</summary>
    public void Reset(ulong user, string srv)
    {
        if (_events.TryGetValue((user, srv), out var queue))
        {
            lock (queue) queue.Clear();
        }
    }
}
