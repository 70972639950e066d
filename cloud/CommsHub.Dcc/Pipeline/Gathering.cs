namespace CommsHub.Dcc.Pipeline;

/// <summary>A gathering as <see cref="Gathering.RunAllAsync"/> drives it.</summary>
public interface IGathering
{
    /// <summary>Starts handling what was gathered since the last round (on this thread up to its first wait).</summary>
    /// <param name="count">How many items the round carries (0: nothing was waiting, the task is complete).</param>
    Task StartRound(out int count);

    /// <summary>Ends the gathering if nothing is waiting in it; false (still open) when something is.</summary>
    bool TryClose();

    /// <summary>Makes this thread add to the gathering until the returned scope is disposed.</summary>
    IDisposable Enter();
}

/// <summary>Helpers over several gatherings.</summary>
public static class Gathering
{
    /// <summary>Makes this thread add to every one of <paramref name="gatherings"/> until the scope is disposed.</summary>
    public static IDisposable Enter(params IGathering[] gatherings)
    {
        ArgumentNullException.ThrowIfNull(gatherings);
        var scopes = new IDisposable[gatherings.Length];
        for (var i = 0; i < gatherings.Length; i++) scopes[i] = gatherings[i].Enter();
        return new Scopes(scopes);
    }

    /// <summary>
    /// Runs rounds of every gathering until none has anything waiting, then closes them. Each round's callers continue on
    /// this thread, inside the gatherings, and what they add waits for the next round (a hub's next up frame, queued
    /// behind the one just finished): one pass of the MQTT inbox carries its work in as few commits as its lanes allow.
    /// </summary>
    public static async Task RunAllAsync(params IGathering[] gatherings)
    {
        ArgumentNullException.ThrowIfNull(gatherings);
        while (true)
        {
            var ran = 0;
            foreach (var g in gatherings)
            {
                Task round;
                int count;
                using (Enter(gatherings)) round = g.StartRound(out count);
                await round.ConfigureAwait(false);
                ran += count;
            }
            if (ran > 0) continue;
            var closed = true;
            foreach (var g in gatherings) closed &= g.TryClose();
            if (closed) return;
        }
    }

    private sealed class Scopes(IDisposable[] scopes) : IDisposable
    {
        public void Dispose()
        {
            for (var i = scopes.Length - 1; i >= 0; i--) scopes[i].Dispose();
        }
    }
}

/// <summary>
/// Items gathered on one thread, to be handled as one batch (one store commit) in a round run by the gathering's owner,
/// rather than one by one as they come. An item is gathered only while its caller runs on a thread inside the gathering
/// (<see cref="Enter"/>, <see cref="Gathering.RunAllAsync"/>): the owner's own synchronous work and the continuations it
/// runs inline; every other caller is handled as usual. Thread-safe.
/// </summary>
/// <typeparam name="TItem">What is gathered.</typeparam>
/// <typeparam name="TResult">What each item's caller gets.</typeparam>
/// <param name="owner">Whose gathering this is (the batcher that created it): a caller only joins its own owner's.</param>
/// <param name="round">Handles one round's items as a batch and completes each item's result; a failure of one item is
/// that item's result (an exception), not the round's.</param>
public sealed class Gathering<TItem, TResult>(object owner, Func<TItem[], TaskCompletionSource<TResult>[], Task> round) : IGathering
{
    [ThreadStatic]
    private static Gathering<TItem, TResult>? t_current;

    private readonly Lock _lock = new();
    private readonly List<TItem> _items = [];
    private readonly List<TaskCompletionSource<TResult>> _results = [];
    private bool _open = true;

    /// <summary>The gathering of <paramref name="owner"/> this thread is inside, or null.</summary>
    public static Gathering<TItem, TResult>? Current(object owner) =>
        t_current is { } g && ReferenceEquals(g.Owner, owner) ? g : null;

    /// <summary>Whose gathering this is.</summary>
    public object Owner { get; } = owner ?? throw new ArgumentNullException(nameof(owner));

    /// <summary>Items waiting for the next round.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _items.Count;
        }
    }

    /// <summary>Adds <paramref name="item"/> for the next round; false once the gathering is closed (the caller handles it).</summary>
    /// <remarks>The result completes on the thread that runs the round, and the caller's continuation runs there, in turn
    /// (no hand-over to other threads).</remarks>
    public bool TryAdd(TItem item, out Task<TResult> result)
    {
        lock (_lock)
        {
            if (!_open)
            {
                result = null!;
                return false;
            }
            var source = new TaskCompletionSource<TResult>();
            _items.Add(item);
            _results.Add(source);
            result = source.Task;
            return true;
        }
    }

    /// <inheritdoc/>
    public IDisposable Enter()
    {
        var scope = new Scope(t_current);
        t_current = this;
        return scope;
    }

    /// <inheritdoc/>
    public Task StartRound(out int count)
    {
        TItem[] items;
        TaskCompletionSource<TResult>[] results;
        lock (_lock)
        {
            count = _items.Count;
            if (count == 0) return Task.CompletedTask;
            items = [.. _items];
            results = [.. _results];
            _items.Clear();
            _results.Clear();
        }
        return RunAsync(items, results);
    }

    private async Task RunAsync(TItem[] items, TaskCompletionSource<TResult>[] results)
    {
        try
        {
            await round(items, results).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The round promised not to throw; if it did anyway, no caller may wait for ever.
            foreach (var r in results) r.TrySetException(ex);
        }
    }

    /// <inheritdoc/>
    public bool TryClose()
    {
        lock (_lock)
        {
            if (_items.Count > 0) return false;
            _open = false;
            return true;
        }
    }

    private sealed class Scope(Gathering<TItem, TResult>? previous) : IDisposable
    {
        public void Dispose() => t_current = previous;
    }
}
