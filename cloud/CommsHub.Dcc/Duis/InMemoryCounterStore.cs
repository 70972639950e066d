using System.Collections.Concurrent;

namespace CommsHub.Dcc.Duis;

/// <summary>An <see cref="ICounterStore"/> in memory: for tests and single-process rigs (lost on restart).</summary>
public sealed class InMemoryCounterStore : ICounterStore
{
    // TryAdvance keeps every counter below the highest as seen (ulong.MaxValue), as the SQL stores' column default does.
    private readonly ConcurrentDictionary<ulong, CounterWindow> _last = new();

    /// <inheritdoc/>
    public bool TryAdvance(ulong userEui, ulong counter, out ulong? previous)
    {
        while (true)
        {
            if (!_last.TryGetValue(userEui, out var last))
            {
                previous = null;
                if (_last.TryAdd(userEui, new CounterWindow(counter, ulong.MaxValue))) return true;
                continue; // another thread added first; compare against its value
            }
            previous = last.Highest;
            if (counter <= last.Highest) return false;
            if (_last.TryUpdate(userEui, new CounterWindow(counter, ulong.MaxValue), last)) return true;
        }
    }

    /// <inheritdoc/>
    public bool TryAcceptInWindow(ulong originator, ulong counter)
    {
        while (true)
        {
            if (!_last.TryGetValue(originator, out var last))
            {
                if (_last.TryAdd(originator, CounterWindow.First(counter))) return true;
                continue; // another thread added first; check against its window
            }
            if (last.Accept(counter) is not { } next) return false;
            if (_last.TryUpdate(originator, next, last)) return true;
        }
    }
}
