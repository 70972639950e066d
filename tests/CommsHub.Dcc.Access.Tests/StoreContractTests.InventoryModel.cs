using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Storage.Sql;
using CommsHub.Protocol.Asn1;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>Storage contract, part: a device's manufacturer, model and firmware version (migration 5).</summary>
public abstract partial class StoreContractTests<TBackend>
{
    [StoreFact]
    public void Inventory_keeps_manufacturer_model_and_firmware_version()
    {
        var hub = new InventoryDevice(HubEui, DeviceType.Chf, SmiStatus.Commissioned, T0, [], null, "106C", "433100AC", "9001");
        var meter = new InventoryDevice(DeviceEui, DeviceType.Esme, SmiStatus.Commissioned, T0, ["1100000000011"], HubEui);
        Store.Inventory.Upsert(hub);
        Store.Inventory.Upsert(meter);

        var again = Reopen(); // not served from the writer's cache
        Assert.Equal(("106C", "433100AC", "9001"), Details(again.Inventory.Find(HubEui)!));
        Assert.Equal((null, null, null), Details(again.Inventory.Find(DeviceEui)!));
        Assert.Equal(("106C", "433100AC", "9001"), Details(again.Inventory.OfType(DeviceType.Chf).Single()));

        again.Inventory.Upsert(meter with { Manufacturer = "AB02", Model = "0A020001" });
        Assert.Equal(("AB02", "0A020001", null), Details(Reopen().Inventory.OnHub(HubEui).Single()));
        Store.Inventory.Upsert(meter with { FirmwareVersion = "0123ABCD" }); // Upsert replaces every field
        Assert.Equal((null, null, "0123ABCD"), Details(Reopen().Inventory.Find(DeviceEui)!));
        Assert.True(Store.Inventory.SetStatus(HubEui, SmiStatus.Withdrawn, T0.AddDays(1)));
        Assert.Equal(("106C", "433100AC", "9001"), Details(Reopen().Inventory.Find(HubEui)!)); // a status change keeps them
    }

    [StoreFact]
    public void A_database_at_schema_4_migrates_to_the_latest_with_its_rows_intact()
    {
        BuildAtSchema(4);
        var since = T0.UtcTicks;
        Backend.ExecuteRaw($"""
            INSERT INTO devices (eui, device_type, status, status_since, comms_hub)
                VALUES ('00DB1234567890A2', {(int)DeviceType.Chf}, 'Commissioned', {since}, NULL);
            INSERT INTO devices (eui, device_type, status, status_since, comms_hub)
                VALUES ('00DB1234567890A0', {(int)DeviceType.Esme}, 'InstalledNotCommissioned', {since}, '00DB1234567890A2');
            INSERT INTO device_mpxns (eui, position, mpxn) VALUES ('00DB1234567890A0', 0, '1100000000011');
            INSERT INTO device_status_history (eui, status, since) VALUES ('00DB1234567890A0', 'InstalledNotCommissioned', {since});
            INSERT INTO users (eui, name, roles, status) VALUES ('90B3D51F30010000', 'supplier', 'IS', 'Active');
            """);

        Assert.Equal(LatestSchema, Store.SchemaVersion);
        var meter = Store.Inventory.Find(DeviceEui)!;
        Assert.Equal((DeviceType.Esme, SmiStatus.InstalledNotCommissioned, T0, (ulong?)HubEui), (meter.Type, meter.Status, meter.StatusSince, meter.CommsHub));
        Assert.Equal(["1100000000011"], meter.Mpxns);
        Assert.Equal((null, null, null), Details(meter)); // nothing known: not invented
        Assert.Equal([DeviceEui], Store.Inventory.OnHub(HubEui).Select(d => d.Eui));
        Assert.Equal(("supplier", true), (Store.Users.Find(UserEui)!.Name, Store.Users.Find(UserEui)!.Roles.Contains(UserRole.ImportSupplier)));

        Store.Inventory.Upsert(meter with { Manufacturer = "AB02", Model = "0A020001", FirmwareVersion = "0123ABCD" });
        Assert.Equal(("AB02", "0A020001", "0123ABCD"), Details(Reopen().Inventory.Find(DeviceEui)!));
        Assert.Equal(LatestSchema, Store.SchemaVersion); // reopening applies nothing twice
    }

    // Builds the database at an old schema version with the very scripts that built real ones (released migrations never
    // change), before the store is first opened; opening it then migrates it to the latest.
    private void BuildAtSchema(int version)
    {
        var migrations = this is IPostgresSuite ? PostgresMigrations.All : SqliteMigrations.All;
        Backend.ExecuteRaw("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        foreach (var m in migrations.Where(m => m.Version <= version))
        {
            Backend.ExecuteRaw(m.Sql);
            Backend.ExecuteRaw($"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({m.Version}, '{m.Name.Replace("'", "''")}', 0)");
        }
    }

    private static (string?, string?, string?) Details(InventoryDevice d) => (d.Manufacturer, d.Model, d.FirmwareVersion);
}
