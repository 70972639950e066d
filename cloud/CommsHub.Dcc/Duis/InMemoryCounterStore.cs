using System.Collections.Concurrent;

namespace CommsHub.Dcc.Duis;

/// <summary>An <see cref="ICounterStore"/> in memory: for tests and single-process rigs (lost on restart).</summary>
public sealed class InMemoryCounterStore : ICounterStore
{
    private readonly ConcurrentDictionary<ulong, ulong> _last = new();

    /// <inheritdoc/>
    public bool TryAdvance(ulong userEui, ulong counter, out ulong? previous)
    {
        while (true)
        {
            if (!_last.TryGetValue(userEui, out var last))
            {
                previous = null;
                if (_last.TryAdd(userEui, counter)) return true;
                continue; // another thread added first; compare against its value
            }
            previous = last;
            if (counter <= last) return false;
            if (_last.TryUpdate(userEui, counter, last)) return true;
        }
    }
}
