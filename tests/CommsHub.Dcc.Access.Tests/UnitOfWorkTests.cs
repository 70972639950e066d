using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using CommsHub.Protocol.Asn1;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>The unit-of-work contract and the reference cache's invalidation rule, on each backend.</summary>
public abstract class UnitOfWorkTests<TBackend> : StoreTestBase<TBackend> where TBackend : IStoreBackend, new()
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const ulong User = 0x90B3D51F30010000, Device = 0x00DB1234567890A0;

    [StoreFact]
    public void Committed_unit_of_work_keeps_counter_audit_and_pending_together()
    {
        using (var unit = Store.BeginUnitOfWork())
        {
            Assert.True(Store.Counters.TryAdvance(User, 10, out _));
            Store.Audit.Append(Entry("R1"));
            Assert.True(Store.PendingRequests.Add(Pending("R1", 1)));
            // Reads in the unit see its own writes.
            Assert.NotNull(Store.PendingRequests.Find("R1"));
            unit.Commit();
        }
        Assert.False(Store.Counters.TryAdvance(User, 10, out var previous));
        Assert.Equal(10UL, previous);
        Assert.Single(Store.Audit.ForRequest("R1"));
        Assert.NotNull(Store.PendingRequests.Find("R1"));
    }

    [StoreFact]
    public void Abandoned_unit_of_work_rolls_everything_back()
    {
        using (Store.BeginUnitOfWork())
        {
            Assert.True(Store.Counters.TryAdvance(User, 10, out _));
            Store.Audit.Append(Entry("R1"));
            Assert.True(Store.PendingRequests.Add(Pending("R1", 1)));
            // no Commit: e.g. the request failed half way
        }
        Assert.True(Store.Counters.TryAdvance(User, 10, out _));
        Assert.Empty(Store.Audit.ForRequest("R1"));
        Assert.Null(Store.PendingRequests.Find("R1"));
    }

    [StoreFact]
    public void Failure_inside_a_unit_of_work_leaves_nothing_and_the_store_stays_usable()
    {
        Assert.ThrowsAny<Exception>(() =>
        {
            using var unit = Store.BeginUnitOfWork();
            Store.Audit.Append(Entry("R1"));
            Store.Registration.Add(new RegistrationPeriod("M1", UserRole.ImportSupplier, 1, T0, T0)); // CHECK fails
            unit.Commit();
        });
        Assert.Empty(Store.Audit.ForRequest("R1"));
        Store.Audit.Append(Entry("R2"));
        Assert.Single(Store.Audit.ForRequest("R2"));
    }

    [StoreFact]
    public void Nested_unit_joins_the_outer_one_and_an_abandoned_inner_one_dooms_it()
    {
        using (var outer = Store.BeginUnitOfWork())
        {
            using (var inner = Store.BeginUnitOfWork())
            {
                Store.Audit.Append(Entry("R1"));
                inner.Commit();
            }
            outer.Commit();
        }
        Assert.Single(Store.Audit.ForRequest("R1"));

        var outer2 = Store.BeginUnitOfWork();
        using (Store.BeginUnitOfWork()) Store.Audit.Append(Entry("R2"));
        Assert.Throws<InvalidOperationException>(outer2.Commit);
        outer2.Dispose();
        Assert.Empty(Store.Audit.ForRequest("R2"));
    }

    [StoreFact]
    public async Task Unit_of_work_follows_its_async_flow_and_not_other_flows()
    {
        using var unit = Store.BeginUnitOfWork();
        Store.Audit.Append(Entry("R1"));
        await Task.Yield(); // continuation may run on another thread: still in the unit
        Store.Audit.Append(Entry("R1"));
        // A task started from inside inherits the flow, so it is in the unit (and sees its rows)...
        Assert.Equal(2, await Task.Run(() => Store.Audit.ForRequest("R1").Count));
        // ...an unrelated flow is not, and does not see uncommitted rows (SQLite WAL snapshot / PostgreSQL read committed).
        Task<int> elsewhere;
        using (ExecutionContext.SuppressFlow()) elsewhere = Task.Run(() => Store.Audit.ForRequest("R1").Count);
        Assert.Equal(0, await elsewhere);
        unit.Commit();
        Assert.Equal(2, Store.Audit.ForRequest("R1").Count);
    }

    [StoreFact]
    public async Task Batch_commits_its_kept_units_at_once_and_rolls_back_an_abandoned_one_alone()
    {
        Task<int> SeenElsewhere(string requestId)
        {
            using (ExecutionContext.SuppressFlow()) return Task.Run(() => Store.Audit.ForRequest(requestId).Count);
        }

        using (var batch = Store.BeginBatch())
        {
            using (var first = Store.BeginUnitOfWork())
            {
                Assert.True(Store.Counters.TryAdvance(User, 10, out _));
                Store.Audit.Append(Entry("R1"));
                first.Commit();
            }
            using (Store.BeginUnitOfWork())
            {
                Store.Audit.Append(Entry("R2"));
                Assert.True(Store.PendingRequests.Add(Pending("R2", 2)));
                // not committed: this request failed; only its own work goes
            }
            using (var third = Store.BeginUnitOfWork())
            {
                // A unit sees the kept work of the units before it: the counter is already at 10.
                Assert.False(Store.Counters.TryAdvance(User, 10, out var previous));
                Assert.Equal(10UL, previous);
                Assert.True(Store.Counters.TryAdvance(User, 11, out _));
                Store.Audit.Append(Entry("R3"));
                third.Commit();
            }
            // Kept, but not committed yet: another flow sees nothing.
            Assert.Equal(0, await SeenElsewhere("R1"));
            batch.Commit();
        }
        Assert.Single(Store.Audit.ForRequest("R1"));
        Assert.Empty(Store.Audit.ForRequest("R2"));
        Assert.Null(Store.PendingRequests.Find("R2"));
        Assert.Single(Store.Audit.ForRequest("R3"));
        Assert.False(Store.Counters.TryAdvance(User, 11, out var last));
        Assert.Equal(11UL, last);
    }

    [StoreFact]
    public void Failed_statement_in_one_unit_of_a_batch_leaves_the_others_to_commit()
    {
        using (var batch = Store.BeginBatch())
        {
            Assert.ThrowsAny<Exception>(() =>
            {
                using var unit = Store.BeginUnitOfWork();
                Store.Audit.Append(Entry("R1"));
                Store.Registration.Add(new RegistrationPeriod("M1", UserRole.ImportSupplier, 1, T0, T0)); // CHECK fails
                unit.Commit();
            });
            using (var next = Store.BeginUnitOfWork())
            {
                Store.Audit.Append(Entry("R2"));
                next.Commit();
            }
            batch.Commit();
        }
        Assert.Empty(Store.Audit.ForRequest("R1"));
        Assert.Single(Store.Audit.ForRequest("R2"));
    }

    [StoreFact]
    public void Abandoned_batch_keeps_nothing_and_the_store_stays_usable()
    {
        using (Store.BeginBatch())
        {
            using var unit = Store.BeginUnitOfWork();
            Store.Audit.Append(Entry("R1"));
            unit.Commit();
            // no batch Commit: e.g. the batch's worker was stopped
        }
        Assert.Empty(Store.Audit.ForRequest("R1"));
        Store.Audit.Append(Entry("R2"));
        Assert.Single(Store.Audit.ForRequest("R2"));
    }

    [StoreFact]
    public void Batch_rules_a_batch_starts_alone_and_commits_with_no_unit_open()
    {
        using (Store.BeginUnitOfWork())
        {
            Assert.Throws<InvalidOperationException>(() => Store.BeginBatch());
        }
        using (var batch = Store.BeginBatch())
        {
            Assert.Throws<InvalidOperationException>(() => Store.BeginBatch());
            var open = Store.BeginUnitOfWork();
            Store.Audit.Append(Entry("R1"));
            // A unit begun inside a unit of the batch joins it, as outside a batch.
            using (var inner = Store.BeginUnitOfWork())
            {
                Store.Audit.Append(Entry("R1"));
                inner.Commit();
            }
            Assert.Throws<InvalidOperationException>(batch.Commit);
            open.Commit();
            batch.Commit();
        }
        Assert.Equal(2, Store.Audit.ForRequest("R1").Count);
    }

    [StoreFact]
    public void Cached_reference_data_is_invalidated_by_writes_through_the_store()
    {
        Store.Users.Upsert(new DccUser(User, "a", new HashSet<UserRole> { UserRole.ImportSupplier }, UserStatus.Active, null));
        Assert.Equal(UserStatus.Active, Store.Users.Find(User)!.Status); // cached now
        Assert.True(Store.Users.SetStatus(User, UserStatus.Suspended));
        Assert.Equal(UserStatus.Suspended, Store.Users.Find(User)!.Status);

        Assert.Empty(Store.Registration.ForMpxn("M1"));
        Store.Registration.Add(new RegistrationPeriod("M1", UserRole.ImportSupplier, User, T0, null));
        Assert.Single(Store.Registration.ForMpxn("M1"));
        Assert.Equal(1, Store.Registration.EndOpenPeriod("M1", UserRole.ImportSupplier, T0.AddDays(1)));
        Assert.Equal(T0.AddDays(1), Store.Registration.ForMpxn("M1")[0].EffectiveTo);

        Assert.Null(Store.Inventory.Find(Device));
        Store.Inventory.Upsert(new InventoryDevice(Device, DeviceType.Esme, SmiStatus.Commissioned, T0, ["M1"], 0x42));
        Assert.Equal(SmiStatus.Commissioned, Store.Inventory.Find(Device)!.Status);
        Assert.Single(Store.Inventory.OnHub(0x42));
        Assert.True(Store.Inventory.SetStatus(Device, SmiStatus.Suspended, T0.AddDays(2)));
        Assert.Equal(SmiStatus.Suspended, Store.Inventory.Find(Device)!.Status);
        Assert.Equal(SmiStatus.Suspended, Store.Inventory.OnHub(0x42)[0].Status);
    }

    [StoreFact]
    public void Rolled_back_reference_writes_are_not_served_from_the_cache()
    {
        Store.Users.Upsert(new DccUser(User, "a", new HashSet<UserRole> { UserRole.ImportSupplier }, UserStatus.Active, null));
        Assert.Equal(UserStatus.Active, Store.Users.Find(User)!.Status);
        using (Store.BeginUnitOfWork())
        {
            Store.Users.SetStatus(User, UserStatus.Suspended);
            Assert.Equal(UserStatus.Suspended, Store.Users.Find(User)!.Status); // its own uncommitted write
        }
        Assert.Equal(UserStatus.Active, Store.Users.Find(User)!.Status);
    }

    [StoreFact]
    public void Writes_by_another_instance_are_seen_after_the_cache_is_cleared_or_expires()
    {
        Store.Users.Upsert(new DccUser(User, "a", new HashSet<UserRole> { UserRole.ImportSupplier }, UserStatus.Active, null));
        Assert.Equal(UserStatus.Active, Store.Users.Find(User)!.Status);
        Backend.ExecuteRaw($"UPDATE users SET status = 'Suspended' WHERE eui = '{User:X16}'");
        Assert.Equal(UserStatus.Active, Store.Users.Find(User)!.Status); // documented: stale for at most the TTL
        ((SqlDccStore)Store).ClearReferenceCache();
        Assert.Equal(UserStatus.Suspended, Store.Users.Find(User)!.Status);
    }

    [StoreFact]
    public void An_exclusive_unit_of_work_waits_for_another_instance_s_and_then_sees_what_it_committed()
    {
        using var other = Backend.Open(); // another adapter instance on the same database
        var holding = other.BeginExclusiveUnitOfWork();
        other.Counters.TryAdvance(User, 7, out _);
        other.Audit.Append(Entry("R1"));
        using var starting = new ManualResetEventSlim();
        var second = Task.Run(() =>
        {
            starting.Set();
            using var unit = Store.BeginExclusiveUnitOfWork();
            // What the first committed is there: a plain read sees it (an upsert alone would wait on the row's lock even
            // without the exclusive unit), and a read-then-write here does not write it again.
            var audited = Store.Audit.ForRequest("R1").Count;
            var advanced = Store.Counters.TryAdvance(User, 7, out var previous);
            unit.Commit();
            return (audited, advanced, previous);
        });
        Assert.True(starting.Wait(TimeSpan.FromSeconds(30)), "the second unit's task did not start");
        Thread.Sleep(TimeSpan.FromSeconds(1)); // from its start: it must still be waiting for the lock
        Assert.False(second.IsCompleted, second.Exception?.InnerException?.Message ?? "it ran beside the other instance's exclusive unit");
        holding.Commit();
        holding.Dispose();
        Assert.Equal((1, false, 7UL), second.GetAwaiter().GetResult());
    }

    [StoreFact]
    public void An_exclusive_unit_of_work_cannot_start_inside_another_unit()
    {
        using var unit = Store.BeginUnitOfWork();
        Assert.Throws<InvalidOperationException>(() => Store.BeginExclusiveUnitOfWork());
    }

    private static AuditEntry Entry(string requestId) =>
        new(T0, AccessControl.Actor, User, "4.1.1", requestId, Device, "I99", AccessOutcome.Accepted, "why");

    private static PendingRequest Pending(string requestId, ulong counter) =>
        new(requestId, User, Device, counter, "4.1.1", PendingState.Pending, T0, T0.AddSeconds(30), [0xDD]);
}

public sealed class SqliteUnitOfWorkTests : UnitOfWorkTests<SqliteBackend>;

public sealed class PostgresUnitOfWorkTests : UnitOfWorkTests<PostgresBackend>, IPostgresSuite;
