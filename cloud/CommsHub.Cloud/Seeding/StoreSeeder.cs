using System.Globalization;
using CommsHub.Cloud.Identity;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Cloud.Seeding;

/// <summary>
/// Seeds the DCC store from the identity set: users on every start (so certificates minted since, e.g. with
/// <c>commshub pki issue-org --xml-sign</c>, become users at the next start), and inventory plus Registration Data only
/// for devices the store does not know yet, so an operator's later changes (a decommissioned meter, a change of
/// supplier) survive a restart. Devices get their <see cref="SeedModel"/> (manufacturer, model, firmware version);
/// a seeded device that has none of the three (a database seeded before the inventory held them) gets it too.
/// </summary>
public static class StoreSeeder
{
    /// <summary>When seeded registrations and statuses take effect: a fixed instant well in the past.</summary>
    public static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The plan for the identity set's mode.</summary>
    public static SeedPlan PlanFor(IdentitySet identities) =>
        identities.Mode == Configuration.IdentityMode.Rtds ? SeedPlan.Rtds : SeedPlan.Minted;

    /// <summary>Seeds <paramref name="store"/>; returns the number of devices added.</summary>
    /// <remarks>All of it in one exclusive unit of work: adapter instances starting together on one database seed one
    /// after another, each seeing what the one before wrote, so none adds a device, a status history row or a
    /// registration period again (it reads what is there, then writes what it did not find).</remarks>
    public static int Seed(IDccStore store, IdentitySet identities, SeedPlan plan)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var unit = store.BeginExclusiveUnitOfWork();
        var added = SeedIn(store, identities, plan);
        unit.Commit();
        return added;
    }

    private static int SeedIn(IDccStore store, IdentitySet identities, SeedPlan plan)
    {
        foreach (var user in identities.Users.Values)
        {
            // Keep an operator's status change (e.g. Suspended) across restarts; refresh roles and certificate.
            var status = store.Users.Find(user.Eui)?.Status ?? UserStatus.Active;
            store.Users.Upsert(new DccUser(user.Eui, user.Name, user.Roles, status, new XmlSignIdentity(
                X509IssuerNames.Format(user.XmlSignCertificate.IssuerName),
                DuisSignerDirectory.SerialOf(user.XmlSignCertificate).ToString("X", CultureInfo.InvariantCulture))));
        }
        int added = 0;
        foreach (var hub in plan.Hubs)
        {
            added += Add(store, Device(hub.Chf, DeviceType.Chf, [], null));
            if (hub.Gpf is { } gpf) added += Add(store, Device(gpf, DeviceType.Gpf, [], hub.Chf));
            foreach (var meter in hub.Meters)
            {
                if (Add(store, Device(meter.Eui, meter.Type, [meter.Mpxn], hub.Chf)) == 0) continue;
                added++;
                // Only for a meter added now: its MPxN has no registration yet (re-adding would overlap periods).
                if (store.Registration.ForMpxn(meter.Mpxn).Count > 0) continue;
                foreach (var (role, party) in plan.RegistrationsOf(meter))
                    store.Registration.Add(new RegistrationPeriod(meter.Mpxn, role, party, Epoch, null));
            }
        }
        return added;
    }

    private static InventoryDevice Device(ulong eui, DeviceType type, IReadOnlyList<string> mpxns, ulong? hub)
    {
        var model = SeedModel.For(type);
        return new InventoryDevice(eui, type, SmiStatus.Commissioned, Epoch, mpxns, hub, model.Manufacturer, model.Model, model.FirmwareVersion);
    }

    private static int Add(IDccStore store, InventoryDevice device)
    {
        if (store.Inventory.Find(device.Eui) is { } known)
        {
            // Only what nobody has recorded yet: details set by 8.4 Update Inventory or 12.2 are kept.
            if (known is { Manufacturer: null, Model: null, FirmwareVersion: null })
                store.Inventory.Upsert(known with { Manufacturer = device.Manufacturer, Model = device.Model, FirmwareVersion = device.FirmwareVersion });
            return 0;
        }
        store.Inventory.Upsert(device);
        return 1;
    }
}
