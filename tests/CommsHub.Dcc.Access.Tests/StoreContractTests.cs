using System.Data.Common;
using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Asn1;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>The storage contract: the same tests for every <see cref="IDccStore"/> implementation.</summary>
public abstract partial class StoreContractTests<TBackend> : StoreTestBase<TBackend> where TBackend : IStoreBackend, new()
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const ulong UserEui = 0x90B3D51F30010000, DeviceEui = 0x00DB1234567890A0, HubEui = 0x00DB1234567890A2;

    [StoreFact]
    public void Migrations_run_once_and_reopening_keeps_data()
    {
        Assert.Equal(LatestSchema, Store.SchemaVersion);
        Store.Users.Upsert(new DccUser(UserEui, "s", new HashSet<UserRole> { UserRole.ImportSupplier }, UserStatus.Active, null));
        var again = Reopen();
        Assert.Equal(LatestSchema, again.SchemaVersion);
        Assert.NotNull(again.Users.Find(UserEui));
    }

    [StoreFact]
    public void Pre_commands_are_found_until_expiry_removed_once_and_survive_reopening()
    {
        var pre = new byte[] { 0xDF, 0x09, 0x01, 0x02, 0x03 };
        Store.PreCommands.Record(new CommsHub.Dcc.Pipeline.IssuedPreCommand(UserEui, DeviceEui, ulong.MaxValue - 5, "7.1", pre, T0.AddHours(24)));
        var again = Reopen();
        var found = again.PreCommands.Find(DeviceEui, ulong.MaxValue - 5, T0)!;
        Assert.Equal((UserEui, DeviceEui, ulong.MaxValue - 5, "7.1", T0.AddHours(24)), (found.User, found.Device, found.OriginatorCounter, found.Srv, found.ExpiresAt));
        Assert.Equal(pre, found.PreCommand);
        Assert.Null(again.PreCommands.Find(DeviceEui, ulong.MaxValue - 5, T0.AddHours(24))); // expired
        Assert.Null(again.PreCommands.Find(DeviceEui, 1, T0));
        Assert.True(again.PreCommands.Remove(DeviceEui, ulong.MaxValue - 5));
        Assert.False(Store.PreCommands.Remove(DeviceEui, ulong.MaxValue - 5)); // taken once, whichever instance asks
        Assert.Null(Store.PreCommands.Find(DeviceEui, ulong.MaxValue - 5, T0));
    }

    [StoreFact]
    public void A_database_newer_than_the_code_is_refused()
    {
        _ = Store.SchemaVersion;
        Backend.ExecuteRaw("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', 0)");
        var error = Assert.Throws<StoreSchemaTooNewException>(() => Reopen());
        Assert.Equal(99, error.Found);
        Assert.Contains("99", error.Message);
    }

    [StoreFact]
    public void Users_round_trip_upsert_and_status()
    {
        var user = new DccUser(UserEui, "Supplier A", new HashSet<UserRole> { UserRole.ImportSupplier, UserRole.GasSupplier },
            UserStatus.Active, new XmlSignIdentity("CN=Z1, OU=07", "0123ABCD"));
        Store.Users.Upsert(user);
        var read = Store.Users.Find(UserEui)!;
        Assert.Equal((user.Eui, user.Name, user.Status, user.XmlSign), (read.Eui, read.Name, read.Status, read.XmlSign));
        Assert.Equal(user.Roles.Order(), read.Roles.Order());
        Store.Users.Upsert(user with { Name = "Supplier B", Roles = new HashSet<UserRole> { UserRole.OtherUser }, XmlSign = null });
        read = Store.Users.Find(UserEui)!;
        Assert.Equal(("Supplier B", null), (read.Name, read.XmlSign));
        Assert.Equal([UserRole.OtherUser], read.Roles);
        Assert.True(Store.Users.SetStatus(UserEui, UserStatus.Suspended));
        Assert.Equal(UserStatus.Suspended, Store.Users.Find(UserEui)!.Status);
        Assert.False(Store.Users.SetStatus(0x1234, UserStatus.Suspended));
        Assert.Null(Store.Users.Find(0x1234));
    }

    [StoreFact]
    public void Registration_periods_and_change_of_party_at_an_instant()
    {
        var registration = new RegistrationData(Store.Registration);
        Store.Registration.Add(new RegistrationPeriod("M1", UserRole.ImportSupplier, 1, T0, null));
        Store.Registration.Add(new RegistrationPeriod("M1", UserRole.ElectricityDistributor, 7, T0, null));
        var change = T0.AddDays(90);
        registration.Change("M1", UserRole.ImportSupplier, 2, change);
        var periods = Store.Registration.ForMpxn("M1").Where(p => p.Role == UserRole.ImportSupplier).ToList();
        Assert.Equal([new RegistrationPeriod("M1", UserRole.ImportSupplier, 1, T0, change), new RegistrationPeriod("M1", UserRole.ImportSupplier, 2, change, null)], periods);
        Assert.Null(registration.Who("M1", UserRole.ImportSupplier, T0.AddTicks(-1)));
        Assert.Equal(1UL, registration.Who("M1", UserRole.ImportSupplier, T0));
        Assert.Equal(1UL, registration.Who("M1", UserRole.ImportSupplier, change.AddTicks(-1)));
        Assert.Equal(2UL, registration.Who("M1", UserRole.ImportSupplier, change));
        Assert.Equal(7UL, registration.Who("M1", UserRole.ElectricityDistributor, change)); // other roles untouched
        Assert.Null(registration.Who("M2", UserRole.ImportSupplier, change));
    }

    [StoreFact]
    public void Inventory_round_trip_hub_membership_and_status()
    {
        var meter = new InventoryDevice(DeviceEui, DeviceType.Esme, SmiStatus.Whitelisted, T0, ["1100000000022", "1100000000011"], HubEui);
        Store.Inventory.Upsert(new InventoryDevice(HubEui, DeviceType.Chf, SmiStatus.Commissioned, T0, [], null));
        Store.Inventory.Upsert(meter);
        var read = Store.Inventory.Find(DeviceEui)!;
        Assert.Equal((meter.Eui, meter.Type, meter.Status, meter.StatusSince, meter.CommsHub), (read.Eui, read.Type, read.Status, read.StatusSince, read.CommsHub));
        Assert.Equal(meter.Mpxns, read.Mpxns); // order kept: import first as given
        Assert.Equal([DeviceEui], Store.Inventory.OnHub(HubEui).Select(d => d.Eui));
        Assert.Equal(meter.Mpxns.Order(), new SmartMeteringInventory(Store.Inventory).MpxnsFor(Store.Inventory.Find(HubEui)!).Order());
        Store.Inventory.Upsert(meter with { Mpxns = ["9"], CommsHub = null });
        Assert.Equal(["9"], Store.Inventory.Find(DeviceEui)!.Mpxns);
        Assert.Empty(Store.Inventory.OnHub(HubEui));
        Assert.True(Store.Inventory.SetStatus(DeviceEui, SmiStatus.Commissioned, T0.AddDays(1)));
        Assert.Equal(SmiStatus.Commissioned, Store.Inventory.Find(DeviceEui)!.Status);
        Assert.Null(Store.Inventory.Find(0x42));
    }

    [StoreFact]
    public void Consents_in_force_over_half_open_periods_and_withdrawal()
    {
        Store.Consents.Add(new ConsentRecord(UserEui, "M1", ConsentPurpose.ConsumptionData, T0, null));
        Store.Consents.Add(new ConsentRecord(UserEui, "M1", ConsentPurpose.Type2JoinUnjoin, T0, T0.AddDays(1)));
        var end = T0.AddDays(30);
        Assert.Equal(1, Store.Consents.Withdraw(UserEui, "M1", ConsentPurpose.ConsumptionData, end));
        Assert.Equal(0, Store.Consents.Withdraw(UserEui, "M1", ConsentPurpose.ConsumptionData, end)); // nothing open any more
        var consents = Store.Consents.For(UserEui, "M1");
        Assert.Equal(2, consents.Count);
        var consumption = consents.Single(c => c.Purpose == ConsentPurpose.ConsumptionData);
        Assert.True(consumption.InForce(end.AddTicks(-1)));
        Assert.False(consumption.InForce(end));
        Assert.Empty(Store.Consents.For(UserEui, "M2"));
    }

    [StoreFact]
    public void Audit_appends_in_order_and_reads_back()
    {
        var first = Store.Audit.Append(Entry("R1", "I99", AccessOutcome.Accepted, DeviceEui));
        var second = Store.Audit.Append(Entry("R2", "E4", AccessOutcome.Rejected, null) with { UserEui = 0x77 });
        Assert.True(second > first);
        var all = Store.Audit.Read();
        Assert.Equal([first, second], all.Select(e => e.Sequence));
        Assert.Equal(Entry("R1", "I99", AccessOutcome.Accepted, DeviceEui) with { Sequence = first }, all[0]);
        Assert.Equal(["R2"], Store.Audit.Read(userEui: 0x77).Select(e => e.RequestId));
        Assert.Equal(["R2"], Store.Audit.Read(afterSequence: first).Select(e => e.RequestId));
        Assert.Single(Store.Audit.ForRequest("R1"));
    }

    [StoreFact]
    public void Audit_is_append_only_update_and_delete_fail_in_sql()
    {
        Store.Audit.Append(Entry("R1", "E2", AccessOutcome.Rejected, null));
        foreach (var sql in new[]
                 {
                     "UPDATE audit SET response_code = 'I99'",
                     "UPDATE audit SET reason = 'nothing to see'",
                     "DELETE FROM audit",
                 })
        {
            var error = Assert.ThrowsAny<DbException>(() => Backend.ExecuteRaw(sql));
            Assert.Contains("append-only", error.Message);
        }
        if (this is IPostgresSuite) Assert.Contains("append-only", Assert.ThrowsAny<DbException>(() => Backend.ExecuteRaw("TRUNCATE audit")).Message);
        var entry = Assert.Single(Store.Audit.Read());
        Assert.Equal(("E2", "why"), (entry.ResponseCode, entry.Reason));
        Assert.DoesNotContain(typeof(IAuditTrail).GetMethods(), m => m.Name is "Update" or "Delete" or "Remove");
    }

    [StoreFact]
    public void Pending_requests_correlate_by_device_and_counter_and_transition_once()
    {
        var request = new PendingRequest("R1", UserEui, DeviceEui, 0x8000_0000_0000_0001, "4.1.1", PendingState.Pending,
            T0, T0.AddSeconds(30), [0xDD, 0x00, 0x01]);
        Assert.True(Store.PendingRequests.Add(request));
        Assert.False(Store.PendingRequests.Add(request)); // duplicate delivery
        Assert.False(Store.PendingRequests.Add(request with { RequestId = "R2" })); // same device + counter
        var found = Store.PendingRequests.FindByCorrelation(DeviceEui, UserEui, 0x8000_0000_0000_0001)!;
        Assert.Equal(request.Gbcs, found.Gbcs);
        Assert.Equal(request with { Gbcs = found.Gbcs }, found);
        Assert.Null(Store.PendingRequests.FindByCorrelation(DeviceEui, UserEui, 1));

        Assert.True(Store.PendingRequests.TryTransition("R1", PendingState.Pending, PendingState.Sent));
        Assert.Empty(Store.PendingRequests.Overdue(T0.AddSeconds(29)));
        Assert.Equal(["R1"], Store.PendingRequests.Overdue(T0.AddSeconds(30)).Select(r => r.RequestId));

        // Two instances finish the same request at once: exactly one wins.
        var wins = 0;
        Parallel.For(0, 8, _ =>
        {
            if (Store.PendingRequests.TryTransition("R1", PendingState.Sent, PendingState.Completed, "I0")) Interlocked.Increment(ref wins);
        });
        Assert.Equal(1, wins);
        Assert.Equal((PendingState.Completed, "I0"), (Store.PendingRequests.Find("R1")!.State, Store.PendingRequests.Find("R1")!.ResponseCode));
        Assert.Equal(["R1"], Store.PendingRequests.InState(PendingState.Completed).Select(r => r.RequestId));
        Assert.Empty(Store.PendingRequests.Overdue(T0.AddDays(1)));
    }

    [StoreFact]
    public void Sent_marks_move_only_the_listed_requests_that_are_still_pending()
    {
        PendingRequest Request(string id, ulong counter, PendingState state) =>
            new(id, UserEui, DeviceEui, counter, "4.1.1", state, T0, T0.AddSeconds(30), [0xDD]);
        Assert.True(Store.PendingRequests.Add(Request("P1", 1, PendingState.Pending)));
        Assert.True(Store.PendingRequests.Add(Request("P2", 2, PendingState.Pending)));
        Assert.True(Store.PendingRequests.Add(Request("P3", 3, PendingState.Pending)));
        Assert.True(Store.PendingRequests.Add(Request("Q1", 4, PendingState.Quarantined)));
        Assert.True(Store.PendingRequests.Add(Request("D1", 5, PendingState.Pending)));
        Assert.True(Store.PendingRequests.TryTransition("D1", PendingState.Pending, PendingState.Completed, "I0"));

        // A quote or a comma in an ID is data, not syntax; unknown IDs and repeats change nothing.
        Assert.Equal(2, Store.PendingRequests.MarkSent(["P1", "P3", "Q1", "D1", "nope", "P1", "x', 'P2", "P2\",\"P2"]));
        Assert.Equal(0, Store.PendingRequests.MarkSent(["P1", "P3"]));
        Assert.Equal(0, Store.PendingRequests.MarkSent([]));
        Assert.Equal(
            [PendingState.Sent, PendingState.Pending, PendingState.Sent, PendingState.Quarantined, PendingState.Completed],
            new[] { "P1", "P2", "P3", "Q1", "D1" }.Select(id => Store.PendingRequests.Find(id)!.State));
        Assert.Equal(1, Store.PendingRequests.MarkSent([.. Enumerable.Range(0, 2000).Select(i => $"other-{i}"), "P2"]));
    }

    [StoreFact]
    public void Quarantines_one_open_per_user_and_srv_holds_and_single_resolution()
    {
        var q = Store.Quarantines;
        var opened = q.Open(UserEui, "4.1.1", T0, "breach 1");
        var same = q.Open(UserEui, "4.1.1", T0.AddSeconds(1), "breach 2");
        Assert.Equal(opened, same);
        Assert.NotEqual(opened.Id, q.Open(UserEui, "4.1.2", T0, "other srv").Id);
        Assert.True(q.Hold(opened.Id, "R1", T0));
        Assert.True(q.Hold(opened.Id, "R2", T0));
        Assert.True(q.Hold(opened.Id, "R1", T0)); // idempotent
        Assert.Equal(["R1", "R2"], q.Held(opened.Id));
        Assert.Equal(2, q.ListOpen().Count);

        Assert.True(q.Resolve(opened.Id, QuarantineState.Rejected, "op", T0.AddMinutes(5)));
        Assert.False(q.Resolve(opened.Id, QuarantineState.Released, "op2", T0.AddMinutes(6)));
        Assert.False(q.Hold(opened.Id, "R3", T0.AddMinutes(7))); // a resolved quarantine holds nothing new
        var closed = q.Get(opened.Id)!;
        Assert.Equal((QuarantineState.Rejected, "op", (DateTimeOffset?)T0.AddMinutes(5)), (closed.State, closed.ResolvedBy, closed.ResolvedAt));
        Assert.Null(q.FindOpen(UserEui, "4.1.1"));
        Assert.NotEqual(opened.Id, q.Open(UserEui, "4.1.1", T0.AddMinutes(8), "breach 3").Id); // a new one may open
    }

    private static AuditEntry Entry(string requestId, string code, AccessOutcome outcome, ulong? device) =>
        new(T0, AccessControl.Actor, UserEui, "4.1.1", requestId, device, code, outcome, "why");
}

public sealed class SqliteStoreContractTests : StoreContractTests<SqliteBackend>;

public sealed class PostgresStoreContractTests : StoreContractTests<PostgresBackend>, IPostgresSuite;
