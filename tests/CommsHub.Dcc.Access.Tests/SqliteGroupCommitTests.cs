using CommsHub.Dcc.Access;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>
/// The SQLite store's writer queue and group commit: units of work that meet at the writer share one transaction, each
/// unit's Commit returns only once that transaction committed, a unit abandoned in a group takes only its own work back,
/// and a failed group commit fails every unit in it and keeps nothing.
/// </summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-group-commit-tests", Guid.NewGuid().ToString("N"));

    private SqliteDccStore Open(int? maxGroup = 64, TimeSpan? busyTimeout = null) =>
        SqliteDccStore.Open(_dir, new SqliteStoreOptions
        {
            MaxGroupCommit = maxGroup,
            BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(30),
            CheckpointInterval = TimeSpan.Zero,
        });

    private static AuditEntry Entry(string requestId) =>
        new(DateTimeOffset.UtcNow, "t", 1, "4.1.1", requestId, null, "I99", AccessOutcome.Accepted, "why");

    /// <summary>A unit of work on its own thread (units are ambient per flow), stepped by the test.</summary>
    private sealed class Writer : IDisposable
    {
        private readonly SemaphoreSlim _go = new(0);
        private readonly Thread _thread;

        public Writer(IDccStore store, string requestId, bool commit = true, Action<IDccStore>? extra = null)
        {
            _thread = new Thread(() =>
            {
                try
                {
                    using var unit = store.BeginUnitOfWork();
                    Entered.Set();
                    store.Audit.Append(Entry(requestId));
                    extra?.Invoke(store);
                    Wrote.Set();
                    _go.Wait();
                    if (commit) unit.Commit();
                }
                catch (Exception ex)
                {
                    Error = ex;
                }
                finally
                {
                    Entered.Set();
                    Wrote.Set();
                    Done.Set();
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public ManualResetEventSlim Entered { get; } = new();
        public ManualResetEventSlim Wrote { get; } = new();
        public ManualResetEventSlim Done { get; } = new();
        public Exception? Error { get; private set; }

        /// <summary>Lets the unit commit (or, for commit: false, be disposed).</summary>
        public void Finish() => _go.Release();

        public void Dispose()
        {
            _go.Release();
            _thread.Join(Patience);
        }
    }

    private static void WaitForQueued(SqliteDccStore store, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (store.WriterQueued < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"expected {count} queued writer(s), saw {store.WriterQueued}");
            Thread.Sleep(1);
        }
    }

    // The first unit has written and holds the writer; a second one is queued behind it; the first is let go to commit
    // (or be disposed) and the second gets the writer and writes. Returns the second, not yet finished.
    private static Writer QueueBehind(SqliteDccStore store, Writer first, string requestId, bool commit = true, Action<IDccStore>? extra = null)
    {
        Assert.True(first.Wrote.Wait(Patience));
        var second = new Writer(store, requestId, commit, extra);
        WaitForQueued(store, 1);
        first.Finish();
        Assert.True(second.Wrote.Wait(Patience));
        return second;
    }

    private static void FinishBoth(Writer first, Writer second)
    {
        second.Finish();
        Assert.True(second.Done.Wait(Patience));
        Assert.True(first.Done.Wait(Patience));
    }

    [Fact]
    public void Units_meeting_at_the_writer_share_one_commit_and_neither_returns_before_it()
    {
        using var store = Open();
        var (commits, units) = (store.WriterCommits, store.WriterUnits);
        using var first = new Writer(store, "R1");
        using var second = QueueBehind(store, first, "R2");
        // The second has written, so the first already ran its Commit: it left the transaction open for the second and
        // waits for it (its thread is past Commit's call, not out of it): not committed, not visible.
        Assert.False(first.Done.IsSet);
        Assert.Empty(store.Audit.ForRequest("R1"));

        FinishBoth(first, second);
        Assert.Null(first.Error);
        Assert.Null(second.Error);
        Assert.Single(store.Audit.ForRequest("R1"));
        Assert.Single(store.Audit.ForRequest("R2"));
        Assert.Equal(commits + 1, store.WriterCommits);
        Assert.Equal(units + 2, store.WriterUnits);
    }

    [Fact]
    public void A_unit_abandoned_in_a_group_takes_back_only_its_own_work()
    {
        using var store = Open();
        using var kept = new Writer(store, "KEPT");
        using var dropped = QueueBehind(store, kept, "DROPPED", commit: false);
        FinishBoth(kept, dropped);
        Assert.Null(kept.Error);
        Assert.Null(dropped.Error);
        Assert.Single(store.Audit.ForRequest("KEPT"));
        Assert.Empty(store.Audit.ForRequest("DROPPED"));
    }

    [Fact]
    public void A_failed_group_commit_fails_every_unit_in_it_keeps_nothing_and_the_store_goes_on()
    {
        using var store = Open();
        using var innocent = new Writer(store, "INNOCENT");
        // A deferred foreign-key violation is only found by COMMIT: the group's commit fails.
        using var culprit = QueueBehind(store, innocent, "CULPRIT", extra: s =>
        {
            var db = ((SqlDccStore)s).Database;
            db.Execute("PRAGMA defer_foreign_keys = ON");
            db.Execute("INSERT INTO device_mpxns (eui, position, mpxn) VALUES ('FFFFFFFFFFFFFFFF', 0, 'orphan')");
        });
        FinishBoth(innocent, culprit);

        var failure = Assert.IsType<StoreCommitException>(innocent.Error);
        Assert.Contains("nothing of it was kept", failure.Message);
        Assert.IsType<StoreCommitException>(culprit.Error);
        Assert.Empty(store.Audit.ForRequest("INNOCENT"));
        Assert.Empty(store.Audit.ForRequest("CULPRIT"));

        store.Audit.Append(Entry("AFTER"));
        Assert.Single(store.Audit.ForRequest("AFTER"));
    }

    [Theory]
    [InlineData(null, true, false)]
    [InlineData(null, false, true)]
    [InlineData(1, false, false)]
    [InlineData(64, true, true)]
    public void Units_are_grouped_as_configured_by_default_only_when_every_commit_is_an_fsync(int? maxGroup, bool synchronousNormal, bool grouped)
    {
        using var store = SqliteDccStore.Open(_dir, new SqliteStoreOptions
        {
            MaxGroupCommit = maxGroup, SynchronousNormal = synchronousNormal, CheckpointInterval = TimeSpan.Zero,
        });
        using var first = new Writer(store, "R1");
        using var second = QueueBehind(store, first, "R2");
        // Grouped: the first unit waits for the second's commit. Alone: it has committed already.
        Assert.Equal(!grouped, first.Done.Wait(grouped ? 200 : (int)Patience.TotalMilliseconds));
        Assert.Equal(grouped ? 0 : 1, store.Audit.ForRequest("R1").Count);
        FinishBoth(first, second);
        Assert.Single(store.Audit.ForRequest("R1"));
        Assert.Single(store.Audit.ForRequest("R2"));
    }

    [Fact]
    public void A_unit_left_waiting_by_a_queued_writer_that_gave_up_commits_its_group_itself()
    {
        using var store = Open();
        var writer = store.Database.Writer!;
        const System.Reflection.BindingFlags Private = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
        var queued = typeof(GroupCommitWriter).GetField("_queued", Private)!;
        var gate = (SemaphoreSlim)typeof(GroupCommitWriter).GetField("_writer", Private)!.GetValue(writer)!;
        using var first = new Writer(store, "R1");
        Assert.True(first.Wrote.Wait(Patience));
        // A writer that queued and then gave up (its queue timeout) before taking the writer: the first unit sees it
        // queued, leaves the group open for it and waits, and nobody comes.
        queued.SetValue(writer, (int)queued.GetValue(writer)! + 1);
        try
        {
            first.Finish();
            // The first unit frees the writer only to leave its group open for a queued one: wait until it has.
            var deadline = DateTime.UtcNow + Patience;
            while (gate.CurrentCount == 0) Assert.True(DateTime.UtcNow < deadline, "the first unit never freed the writer");
            Assert.False(first.Done.IsSet);
        }
        finally
        {
            queued.SetValue(writer, (int)queued.GetValue(writer)! - 1);
        }
        // Within the stranded-group check (1 s) the waiting unit takes the free writer and commits its own group.
        Assert.True(first.Done.Wait(Patience));
        Assert.Null(first.Error);
        Assert.Single(store.Audit.ForRequest("R1"));
        store.Audit.Append(Entry("AFTER"));
        Assert.Single(store.Audit.ForRequest("AFTER"));
    }

    [Fact]
    public void A_writer_kept_busy_past_the_busy_timeout_gets_a_clear_timeout_and_nothing_else_breaks()
    {
        using var store = Open(busyTimeout: TimeSpan.FromMilliseconds(300));
        using var holder = new Writer(store, "HELD");
        Assert.True(holder.Wrote.Wait(Patience));
        var ex = Assert.Throws<TimeoutException>(() => store.Audit.Append(Entry("LATE")));
        Assert.Contains("writer", ex.Message);
        holder.Finish();
        Assert.True(holder.Done.Wait(Patience));
        Assert.Null(holder.Error);
        Assert.Single(store.Audit.ForRequest("HELD"));
        Assert.Empty(store.Audit.ForRequest("LATE"));
    }

    [Fact]
    public void Disposing_the_store_commits_the_group_a_unit_is_waiting_on()
    {
        var store = Open();
        using var waiting = new Writer(store, "R1");
        Assert.True(waiting.Wrote.Wait(Patience));
        var disposer = new Thread(store.Dispose) { IsBackground = true };
        disposer.Start();
        WaitForQueued(store, 1);
        waiting.Finish();
        Assert.True(waiting.Done.Wait(Patience));
        Assert.True(disposer.Join(Patience));
        Assert.Null(waiting.Error);
        Assert.Throws<ObjectDisposedException>(() => store.BeginUnitOfWork());
        using var reopened = Open();
        Assert.Single(reopened.Audit.ForRequest("R1"));
    }

    [Fact]
    public void Many_concurrent_writers_lose_nothing_and_replay_still_holds()
    {
        const int Threads = 8, PerThread = 150;
        using var store = Open();
        var units = store.WriterUnits;
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                for (var i = 0; i < PerThread; i++)
                {
                    using var unit = store.BeginUnitOfWork();
                    // Every thread races every other for the same user's counter values: each value is won exactly once.
                    var advanced = store.Counters.TryAdvance(7, (ulong)(i * Threads + t + 1), out _);
                    store.Audit.Append(Entry(advanced ? $"W{t}-{i}" : $"L{t}-{i}"));
                    unit.Commit();
                }
            }
            catch (Exception ex)
            {
                errors.Add(ex);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => Assert.True(t.Join(TimeSpan.FromMinutes(2))));

        Assert.Empty(errors);
        var all = store.Audit.Read(limit: Threads * PerThread * 2);
        Assert.Equal(Threads * PerThread, all.Count);
        Assert.Equal(Threads * PerThread, all.Select(e => e.RequestId).Distinct().Count());
        Assert.Equal(units + Threads * PerThread, store.WriterUnits);
        Assert.True(store.WriterCommits <= store.WriterUnits);
        // The highest counter was accepted, so the user's counter ends there and a replay of it is refused.
        Assert.False(store.Counters.TryAdvance(7, Threads * PerThread, out var previous));
        Assert.Equal((ulong)(Threads * PerThread), previous);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
