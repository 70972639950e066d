using CommsHub.Dcc.Access.Tests.Backends;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>
/// What every <see cref="IAnomalyWindowCounter"/> does, run against the in-process counter and the store counter on each
/// backend. Times fall on whole bucket widths, where the store counter's buckets are exact.
/// </summary>
public abstract class WindowCounterContractTests<TBackend> : StoreTestBase<TBackend> where TBackend : IStoreBackend, new()
{
    /// <summary>Bucket width of the store counters under test: a tenth of <see cref="Window"/>.</summary>
    protected static readonly TimeSpan Width = TimeSpan.FromSeconds(1);

    /// <summary>The window of every call.</summary>
    protected static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    /// <summary>A time on a bucket boundary.</summary>
    protected static readonly DateTimeOffset T = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private const ulong Alice = 0x90B3D51F30010001, Bob = 0x90B3D51F30010002;

    /// <summary>A counter with nothing counted yet, on this test's database where it has one.</summary>
    protected abstract IAnomalyWindowCounter NewCounter();

    private static DateTimeOffset At(double seconds) => T.AddSeconds(seconds);

    [StoreFact]
    public void Counts_only_requests_within_the_window()
    {
        var counter = NewCounter();
        Assert.Equal(1, counter.Add(Alice, "4.1.1", At(0), Window));
        Assert.Equal(2, counter.Add(Alice, "4.1.1", At(9), Window));
        Assert.Equal(2, counter.Add(Alice, "4.1.1", At(10), Window)); // the one at 0 is exactly one window old: out
        Assert.Equal(3, counter.Add(Alice, "4.1.1", At(10), Window));
        Assert.Equal(3, counter.Add(Alice, "4.1.1", At(19), Window)); // 9 is out; 10, 10 and 19 remain
        Assert.Equal(1, counter.Add(Alice, "4.1.1", At(60), Window)); // a quiet spell empties the window
    }

    [StoreFact]
    public void Users_and_SRVs_are_counted_apart()
    {
        var counter = NewCounter();
        Assert.Equal(1, counter.Add(Alice, "4.1.1", At(0), Window));
        Assert.Equal(1, counter.Add(Alice, "4.1.2", At(0), Window));
        Assert.Equal(1, counter.Add(Bob, "4.1.1", At(0), Window));
        Assert.Equal(2, counter.Add(Alice, "4.1.1", At(1), Window));
        Assert.Equal(2, counter.Add(Bob, "4.1.1", At(1), Window));
        Assert.Equal(3, counter.Add(Alice, "4.1.1", At(2), Window));
        Assert.Equal(2, counter.Add(Alice, "4.1.2", At(2), Window));
    }

    [StoreFact]
    public void Window_slides_with_time()
    {
        var counter = NewCounter();
        int[] expected = [1, 2, 3, 3, 3, 3];
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], counter.Add(Alice, "4.1.1", At(4 * i), Window)); // at most three fit in 10 s at 4 s apart
    }

    [StoreFact]
    public void Reset_forgets_one_user_and_SRV_only()
    {
        var counter = NewCounter();
        counter.Add(Alice, "4.1.1", At(0), Window);
        counter.Add(Alice, "4.1.1", At(1), Window);
        counter.Add(Alice, "4.1.2", At(1), Window);
        counter.Add(Bob, "4.1.1", At(1), Window);
        counter.Reset(Alice, "4.1.1");
        Assert.Equal(1, counter.Add(Alice, "4.1.1", At(2), Window));
        Assert.Equal(2, counter.Add(Alice, "4.1.2", At(2), Window));
        Assert.Equal(2, counter.Add(Bob, "4.1.1", At(2), Window));
        counter.Reset(Bob, "8.9"); // nothing counted there: no effect
    }
}

/// <summary>The in-process counter (the backend is not used).</summary>
public sealed class InProcessWindowCounterTests : WindowCounterContractTests<SqliteBackend>
{
    /// <inheritdoc/>
    protected override IAnomalyWindowCounter NewCounter() => new SlidingWindowCounter();
}

/// <summary>The store counter on SQLite.</summary>
public sealed class SqliteStoreWindowCounterTests : WindowCounterContractTests<SqliteBackend>
{
    /// <inheritdoc/>
    protected override IAnomalyWindowCounter NewCounter() => new StoreWindowCounter(Store.AnomalyCounts, Width);
}

/// <summary>The store counter on PostgreSQL.</summary>
public sealed class PostgresStoreWindowCounterTests : WindowCounterContractTests<PostgresBackend>, IPostgresSuite
{
    /// <inheritdoc/>
    protected override IAnomalyWindowCounter NewCounter() => new StoreWindowCounter(Store.AnomalyCounts, Width);
}
