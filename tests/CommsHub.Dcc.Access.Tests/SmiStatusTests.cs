using CommsHub.Dcc.Access.Tests.Backends;
using Xunit;
using static CommsHub.Dcc.Access.SmiStatus;
using static CommsHub.Dcc.Access.Tests.World;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>The documented SMI status table, restated here so a change to it is a visible, deliberate test change.</summary>
public static class SmiExpectations
{
    public static readonly SmiStatus[] All = Enum.GetValues<SmiStatus>();

    /// <summary>Representative SRV per request class, the device it is sent to, and the statuses that must pass.</summary>
    public static readonly (string Srv, ulong Device, SmiRequestClass Class, SmiStatus[] Accepted)[] Table =
    [
        ("4.1.1", Esme, SmiRequestClass.Operational, [Commissioned]),
        ("7.1", Esme, SmiRequestClass.Operational, [Commissioned]),
        ("6.20.1", Esme, SmiRequestClass.Operational, [Commissioned]),
        ("8.1.1", Esme, SmiRequestClass.Commissioning, [Whitelisted, InstalledNotCommissioned]),
        ("8.7.2", Esme, SmiRequestClass.Join, [Whitelisted, InstalledNotCommissioned, Commissioned]),
        ("8.8.1", Esme, SmiRequestClass.Join, [Whitelisted, InstalledNotCommissioned, Commissioned]),
        ("8.11", Chf, SmiRequestClass.DeviceLog, [InstalledNotCommissioned, Commissioned]),
        ("8.9", Chf, SmiRequestClass.DeviceLog, [InstalledNotCommissioned, Commissioned]),
        ("6.15.1", Esme, SmiRequestClass.Credentials, [InstalledNotCommissioned, Commissioned, Recovered]),
        ("11.3", Esme, SmiRequestClass.Firmware, [InstalledNotCommissioned, Commissioned, Suspended]),
        ("11.1", Esme, SmiRequestClass.Firmware, [InstalledNotCommissioned, Commissioned, Suspended]),
        ("12.2", Esme, SmiRequestClass.Prenotification, [Pending, Whitelisted]),
        ("8.2", Esme, SmiRequestClass.InventoryRead, All),
        ("8.4", Esme, SmiRequestClass.InventoryUpdate, [Pending, Whitelisted, InstalledNotCommissioned, Commissioned]),
        ("8.3", Esme, SmiRequestClass.Decommission, [Pending, Whitelisted, InstalledNotCommissioned, Commissioned, Suspended, Recovered]),
        ("8.14.1", Chf, SmiRequestClass.CommsHubInstall, [Pending, InstalledNotCommissioned]),
        ("8.14.3", Chf, SmiRequestClass.CommsHubReturn, [Pending, Whitelisted, InstalledNotCommissioned, Commissioned, Decommissioned, Withdrawn, Suspended, Recovered]),
        ("5.2", Esme, SmiRequestClass.ScheduleMaintenance, All),
    ];
}

/// <summary>The SMI table itself (no store).</summary>
public class SmiRuleTableTests
{
    [Fact]
    public void Rules_table_is_the_documented_one()
    {
        foreach (var (srv, _, cls, accepted) in SmiExpectations.Table)
        {
            var rule = SmiStatusRules.RuleFor(srv);
            Assert.Equal(cls, rule.Class);
            Assert.Equal(accepted.Order(), rule.Accepted.Order());
            Assert.False(string.IsNullOrWhiteSpace(rule.Reason));
        }
        // Every class is represented, so no class escapes the table above.
        Assert.Equal(Enum.GetValues<SmiRequestClass>().Order(), SmiExpectations.Table.Select(r => r.Class).Distinct().Order());
        Assert.Equal(Enum.GetValues<SmiRequestClass>().Length, SmiStatusRules.Table.Count);
    }

    [Fact]
    public void Decommissioned_and_withdrawn_devices_accept_only_inventory_reads_schedule_cleanup_and_hub_returns()
    {
        foreach (var status in new[] { Decommissioned, Withdrawn })
        {
            var classes = SmiStatusRules.Table.Where(r => r.Accepted.Contains(status)).Select(r => r.Class).Order();
            Assert.Equal([SmiRequestClass.InventoryRead, SmiRequestClass.CommsHubReturn, SmiRequestClass.ScheduleMaintenance], classes);
        }
        // Mid-recovery the DCC owns the device: users may only read the inventory and schedules.
        Assert.Equal([SmiRequestClass.InventoryRead, SmiRequestClass.ScheduleMaintenance],
            SmiStatusRules.Table.Where(r => r.Accepted.Contains(Recovery)).Select(r => r.Class).Order());
    }
}

/// <summary>Every SMI status against representative SRVs, through access control, on each backend.</summary>
public abstract class SmiStatusTests<TBackend> : StoreTestBase<TBackend> where TBackend : IStoreBackend, new()
{
    [StoreFact]
    public void Every_smi_status_against_representative_srvs()
    {
        var world = new World(Store);
        var failures = new List<string>();
        var checks = 0;
        foreach (var (srv, device, _, accepted) in SmiExpectations.Table)
        {
            foreach (var status in SmiExpectations.All)
            {
                world.Inventory.SetStatus(device, status, Now);
                var decision = world.Check(world.Request(UserRole.ImportSupplier, srv, device));
                checks++;
                var expected = accepted.Contains(status) ? ResponseCodes.I99 : ResponseCodes.E5;
                if (decision.ResponseCode != expected)
                    failures.Add($"{srv} with device {status}: expected {expected}, got {decision.ResponseCode} ({decision.Reason})");
            }
            world.Inventory.SetStatus(device, Commissioned, Now);
        }
        Assert.Equal(SmiExpectations.Table.Length * 9, checks);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [StoreFact]
    public void Prenotification_may_name_a_device_not_yet_in_the_inventory()
    {
        var world = new World(Store);
        const ulong newMeter = 0x00DB1234567890B0;
        Assert.Equal(ResponseCodes.I99, world.Check(world.Request(UserRole.ImportSupplier, "12.2", newMeter)).ResponseCode);
        Assert.Equal(ResponseCodes.E19, world.Check(world.Request(UserRole.ImportSupplier, "8.3", newMeter)).ResponseCode);
    }

    [StoreFact]
    public void Status_changes_keep_a_history_and_the_date_they_apply_from()
    {
        var world = new World(Store);
        var at = Now.AddDays(3);
        Assert.True(world.Inventory.SetStatus(Esme, Suspended, at));
        var device = world.Inventory.Find(Esme)!;
        Assert.Equal((Suspended, at), (device.Status, device.StatusSince));
        Assert.False(world.Inventory.SetStatus(0x00DB12345678FFFF, Suspended, at));
    }
}

public sealed class SqliteSmiStatusTests : SmiStatusTests<SqliteBackend>;

public sealed class PostgresSmiStatusTests : SmiStatusTests<PostgresBackend>, IPostgresSuite;
