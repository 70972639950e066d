using System.Collections.Concurrent;
using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Storage;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>
/// The store counter beyond the shared contract (<see cref="WindowCounterContractTests{TBackend}"/>): agreement with the
/// in-process counter, bucket rounding, one count across store instances and threads, units of work, and purging.
/// </summary>
public abstract class StoreWindowCounterTests<TBackend> : StoreTestBase<TBackend> where TBackend : IStoreBackend, new()
{
    private static readonly TimeSpan Width = TimeSpan.FromSeconds(1), Window = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset T = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private const ulong Alice = 0x90B3D51F30010001, Bob = 0x90B3D51F30010002;

    private StoreWindowCounter Counter(IDccStore? store = null) => new((store ?? Store).AnomalyCounts, Width);

    [StoreFact]
    public void Agrees_with_the_in_process_counter_when_times_fall_on_bucket_boundaries()
    {
        var shared = Counter();
        var local = new SlidingWindowCounter();
        var random = new Random(20250601);
        var at = T;
        for (var i = 0; i < 300; i++)
        {
            at += TimeSpan.FromSeconds(random.Next(0, 4));
            var (user, srv) = (random.Next(2) == 0 ? Alice : Bob, random.Next(3) == 0 ? "4.1.2" : "4.1.1");
            Assert.Equal(local.Add(user, srv, at, Window), shared.Add(user, srv, at, Window));
        }
    }

    [StoreFact]
    public void Between_bucket_boundaries_a_request_counts_early_never_late()
    {
        var counter = Counter();
        counter.Add(Alice, "4.1.1", T.AddSeconds(0.5), Window);
        // In-process, the window (0.7 s, 10.7 s] no longer holds 0.5 s; its bucket (0, 1 s] ends inside the window, so it counts.
        Assert.Equal(2, counter.Add(Alice, "4.1.1", T.AddSeconds(10.7), Window));
        // Once the bucket has ended a whole window ago, it is out.
        Assert.Equal(2, counter.Add(Alice, "4.1.1", T.AddSeconds(11), Window));
        Assert.Equal(T.AddSeconds(1), counter.BucketEnd(T.AddSeconds(0.5)));
        Assert.Equal(T, counter.BucketEnd(T));
        Assert.Equal(T.AddSeconds(1), counter.BucketEnd(T.AddTicks(1)));
    }

    [StoreFact]
    public void Two_store_instances_on_one_database_add_to_one_count()
    {
        using var other = Backend.Open(); // another adapter instance: its own connections
        var (a, b) = (Counter(), Counter(other));
        Assert.Equal(1, a.Add(Alice, "4.1.1", T, Window));
        Assert.Equal(2, b.Add(Alice, "4.1.1", T.AddSeconds(1), Window));
        Assert.Equal(3, a.Add(Alice, "4.1.1", T.AddSeconds(2), Window));
        Assert.Equal(4, b.Add(Alice, "4.1.1", T.AddSeconds(2), Window));
        b.Reset(Alice, "4.1.1"); // an operator's release on b restarts the count for a too
        Assert.Equal(1, a.Add(Alice, "4.1.1", T.AddSeconds(3), Window));
    }

    [StoreFact]
    public void Concurrent_increments_on_several_threads_and_instances_lose_no_count()
    {
        const int threads = 6, perThread = 40;
        using var other = Backend.Open();
        var counters = new[] { Counter(), Counter(other) };
        var stores = new[] { Store, other };
        var totals = new ConcurrentBag<int>();
        using var start = new Barrier(threads);
        var errors = new ConcurrentQueue<Exception>();
        var workers = Enumerable.Range(0, threads).Select(n => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                for (var i = 0; i < perThread; i++)
                {
                    // Both instances get threads counting on their own and threads counting inside a unit of work, as the
                    // request processor does.
                    var instance = n / 2 % 2;
                    if (n % 2 == 0)
                    {
                        totals.Add(counters[instance].Add(Alice, "4.1.1", T, Window));
                        continue;
                    }
                    using var unit = stores[instance].BeginUnitOfWork();
                    totals.Add(counters[instance].Add(Alice, "4.1.1", T, Window));
                    unit.Commit();
                }
            }
            catch (Exception ex)
            {
                errors.Enqueue(ex);
            }
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());

        Assert.Empty(errors);
        // Every increment is there, and each caller saw a different total: exactly one of them saw any given threshold + 1.
        Assert.Equal(Enumerable.Range(1, threads * perThread), totals.Order());
        Assert.Equal(threads * perThread + 1, counters[1].Add(Alice, "4.1.1", T, Window));
    }

    [StoreFact]
    public void Counts_join_the_unit_of_work_and_a_rollback_leaves_none()
    {
        var counter = Counter();
        using (Store.BeginUnitOfWork())
        {
            Assert.Equal(1, counter.Add(Alice, "4.1.1", T, Window));
            Assert.Equal(2, counter.Add(Alice, "4.1.1", T, Window));
        } // disposed without commit: rolled back
        Assert.Equal(1, counter.Add(Alice, "4.1.1", T, Window));
        using (var unit = Store.BeginUnitOfWork())
        {
            Assert.Equal(2, counter.Add(Alice, "4.1.1", T, Window));
            unit.Commit();
        }
        Assert.Equal(3, counter.Add(Alice, "4.1.1", T, Window));
    }

    [StoreFact]
    public void Purge_deletes_only_expired_buckets_oldest_first_up_to_the_limit()
    {
        var counts = Store.AnomalyCounts;
        var from = T.AddSeconds(-60);
        counts.Increment(Alice, "4.1.1", T.AddSeconds(1), from);
        counts.Increment(Alice, "4.1.1", T.AddSeconds(2), from);
        counts.Increment(Bob, "4.1.1", T.AddSeconds(3), from);
        counts.Increment(Alice, "4.1.1", T.AddSeconds(4), from); // ends 1 s after the purge bound: not expired
        counts.Increment(Alice, "4.1.2", T.AddSeconds(4), from);

        Assert.Equal(2, counts.PurgeExpired(T.AddSeconds(3), 2)); // three are expired; the two oldest go first
        Assert.Equal(2, counts.Increment(Alice, "4.1.1", T.AddSeconds(4), from)); // 1 s and 2 s are gone: 4 s, twice
        Assert.Equal(1, counts.PurgeExpired(T.AddSeconds(3), 2)); // the one ending exactly at the bound is expired too
        Assert.Equal(0, counts.PurgeExpired(T.AddSeconds(3), 2));
        Assert.Equal(3, counts.Increment(Alice, "4.1.1", T.AddSeconds(4), from)); // the unexpired bucket is intact
        Assert.Equal(2, counts.Increment(Alice, "4.1.2", T.AddSeconds(4), from));
        Assert.Equal(1, counts.Increment(Bob, "4.1.1", T.AddSeconds(4), from));
        Assert.Throws<ArgumentOutOfRangeException>(() => counts.PurgeExpired(T, 0));
    }

    [StoreFact]
    public void The_counter_purges_buckets_no_window_can_count_any_more()
    {
        var counter = Counter();
        counter.Add(Alice, "4.1.1", T, Window);
        counter.Add(Alice, "4.1.1", T.AddSeconds(9), Window);
        counter.Add(Bob, "4.1.1", T.AddSeconds(10), Window);
        // At +20 s the purge is due. It keeps what a clock one bucket width behind (+19 s) would still count, the buckets
        // ending after +9 s: Alice's at +0 s and +9 s go, Bob's at +10 s stays.
        counter.Add(Alice, "4.1.2", T.AddSeconds(20), Window);
        Assert.Equal(2, Store.AnomalyCounts.PurgeExpired(T.AddHours(1), 100)); // what was left: Bob's +10 s and the +20 s
    }

    [StoreFact]
    public void Increment_refuses_a_bucket_that_ends_before_its_window()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Store.AnomalyCounts.Increment(Alice, "4.1.1", T, T));
        Assert.Throws<ArgumentOutOfRangeException>(() => Counter().Add(Alice, "4.1.1", T, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StoreWindowCounter(Store.AnomalyCounts, TimeSpan.Zero));
    }
}

public sealed class SqliteStoreWindowCounterBehaviourTests : StoreWindowCounterTests<SqliteBackend>;

public sealed class PostgresStoreWindowCounterBehaviourTests : StoreWindowCounterTests<PostgresBackend>, IPostgresSuite;

/// <summary>PostgreSQL only (SQLite has one writer at a time): purges by two instances at once take disjoint rows.</summary>
public sealed class PostgresAnomalyPurgeTests : StoreTestBase<PostgresBackend>, IPostgresSuite
{
    private static readonly DateTimeOffset T = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [StoreFact]
    public void A_purge_skips_rows_another_instance_is_purging_instead_of_waiting_for_them()
    {
        for (var user = 1UL; user <= 3; user++) Store.AnomalyCounts.Increment(user, "4.1.1", T, T.AddHours(-1));
        using var other = Backend.Open();
        using var unit = Store.BeginUnitOfWork();
        Assert.Equal(1, Store.AnomalyCounts.PurgeExpired(T, 1)); // row locked until the unit of work ends

        // Without skipping, this DELETE would wait for the unit of work; the guard only keeps a failure from hanging.
        var purge = Task.Run(() => other.AnomalyCounts.PurgeExpired(T, 10));
        var finished = purge.Wait(TimeSpan.FromSeconds(30));
        unit.Dispose();
        Assert.True(finished, "the second purge waited for the first one's row lock");
        Assert.Equal(2, purge.Result);
        Assert.Equal(1, other.AnomalyCounts.PurgeExpired(T, 10)); // the first purge rolled back: its row is still there
    }
}
