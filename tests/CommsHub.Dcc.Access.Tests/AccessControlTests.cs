using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Protocol.Asn1;
using Xunit;
using static CommsHub.Dcc.Access.Tests.World;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>The check sequence through <see cref="AccessControl"/>, on each store backend.</summary>
public abstract class AccessControlTests<TBackend> : StoreTestBase<TBackend> where TBackend : IStoreBackend, new()
{
    private World? _world;

    private World W => _world ??= new World(Store);

    [StoreFact]
    public void Role_matrix_over_129_srvs_and_7_roles_gives_E2_exactly_where_not_eligible_and_I99_elsewhere()
    {
        var failures = new List<string>();
        var statuses = new Dictionary<ulong, SmiStatus>();
        int checks = 0, refusals = 0;
        foreach (var info in SrvCatalogue.All)
        {
            foreach (var role in UserRoles.All)
            {
                // Make everything but the role valid: a device this role is registered for, in a status the SRV accepts.
                var device = DeviceFor(info.Srv, role);
                var rule = SmiStatusRules.RuleFor(info.Srv);
                var status = rule.Accepted.Contains(SmiStatus.Commissioned) ? SmiStatus.Commissioned : rule.Accepted.Order().First();
                if (statuses.GetValueOrDefault(device, SmiStatus.Commissioned) != status)
                {
                    W.Inventory.SetStatus(device, status, Now);
                    statuses[device] = status;
                }
                var decision = W.Check(W.Request(role, info.Srv, device));
                checks++;
                var eligible = EligibilityCheck.IsEligible(role, info.Srv);
                if (!eligible) refusals++;
                var expected = eligible ? ResponseCodes.I99 : ResponseCodes.E2;
                if (decision.ResponseCode != expected || eligible != decision.IsAccepted)
                    failures.Add($"{info.Srv} as {role.Code()}: expected {expected}, got {decision.ResponseCode} ({decision.Reason})");
            }
        }
        Assert.Equal(SrvCatalogue.Count * 7, checks);
        Assert.True(failures.Count == 0, $"{failures.Count} of {checks} wrong:\n" + string.Join("\n", failures));
        Assert.Equal(SrvCatalogue.All.Sum(i => 7 - i.EligibleRoles.Count), refusals);
        Assert.Equal(checks, Store.Audit.Read(limit: 10_000).Count); // every decision audited
    }

    private static ulong DeviceFor(string srv, UserRole role)
    {
        // Gas roles are registered on the MPRN, so prefer gas devices; electricity roles the MPANs.
        DeviceType[] order = role is UserRole.GasSupplier or UserRole.GasTransporter
            ? [DeviceType.Gsme, DeviceType.Gpf, DeviceType.Chf, DeviceType.Ppmid, DeviceType.Hcalcs, DeviceType.Esme]
            : [DeviceType.Esme, DeviceType.Chf, DeviceType.Gsme, DeviceType.Gpf, DeviceType.Ppmid, DeviceType.Hcalcs];
        var type = order.First(t => SrvDeviceTypes.Allows(srv, t));
        return type switch
        {
            DeviceType.Esme => Esme, DeviceType.Gsme => Gsme, DeviceType.Chf => Chf,
            DeviceType.Gpf => Gpf, DeviceType.Ppmid => Ppmid, _ => Hcalcs,
        };
    }

    [StoreFact]
    public void Change_of_supplier_old_supplier_until_the_last_second_new_supplier_from_the_first()
    {
        var change = new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero);
        var oldSupplier = UserFor(UserRole.ImportSupplier);
        const ulong newSupplier = 0x90B3D51F3001AAAA;
        W.Users.Save(new DccUser(newSupplier, "gaining supplier", new HashSet<UserRole> { UserRole.ImportSupplier }, UserStatus.Active, null));
        W.Registration.Change(ImportMpan, UserRole.ImportSupplier, newSupplier, change);

        Assert.Equal(oldSupplier, W.Registration.Who(ImportMpan, UserRole.ImportSupplier, change.AddTicks(-1)));
        Assert.Equal(newSupplier, W.Registration.Who(ImportMpan, UserRole.ImportSupplier, change));

        W.Clock.Now = change.AddSeconds(-1);
        Assert.Equal(ResponseCodes.I99, W.Check(W.Request(oldSupplier, "4.1.1", Esme)).ResponseCode);
        var early = W.Check(W.Request(newSupplier, "4.1.1", Esme));
        Assert.Equal(ResponseCodes.E4, early.ResponseCode);
        Assert.Contains("2025-03-31T23:59:59Z", early.Reason);

        W.Clock.Now = change;
        Assert.Equal(ResponseCodes.E4, W.Check(W.Request(oldSupplier, "4.1.1", Esme)).ResponseCode);
        Assert.Equal(ResponseCodes.I99, W.Check(W.Request(newSupplier, "4.1.1", Esme)).ResponseCode);

        // A future-dated request is judged at its required time, not at arrival.
        W.Clock.Now = change.AddDays(-10);
        Assert.Equal(ResponseCodes.E4, W.Check(W.Request(oldSupplier, "4.1.1", Esme) with { RequiredAt = change }).ResponseCode);
        Assert.Equal(ResponseCodes.I99, W.Check(W.Request(newSupplier, "4.1.1", Esme) with { RequiredAt = change }).ResponseCode);
    }

    [StoreFact]
    public void E1_unknown_user_role_not_held_or_foreign_signature()
    {
        Assert.Equal(ResponseCodes.E1, W.Check(W.Request(0x90B3D51F3001FFFF, "4.1.1", Esme)).ResponseCode);
        var asGas = W.Request(UserRole.ImportSupplier, "4.1.1", Esme) with { AssertedRole = UserRole.GasSupplier };
        Assert.Equal(ResponseCodes.E1, W.Check(asGas).ResponseCode);
        var own = new XmlSignIdentity("CN=Z1,OU=07", "0" + $"{0x1000 + (int)UserRole.ImportSupplier:X}");
        Assert.Equal(ResponseCodes.I99, W.Check(W.Request(UserRole.ImportSupplier, "4.1.1", Esme) with { Signer = own }).ResponseCode);
        var foreign = W.Check(W.Request(UserRole.ImportSupplier, "4.1.1", Esme) with { Signer = new XmlSignIdentity("CN=Z1, OU=07", "1002") });
        Assert.Equal(ResponseCodes.E1, foreign.ResponseCode);
        Assert.Contains("not the XML-sign certificate", foreign.Reason);
    }

    [StoreFact]
    public void E2_comes_before_E3_and_E3_refuses_a_suspended_user()
    {
        var supplier = UserFor(UserRole.ImportSupplier);
        W.Users.SetStatus(supplier, UserStatus.Suspended);
        Assert.Equal(ResponseCodes.E2, W.Check(W.Request(supplier, "6.5", Esme)).ResponseCode); // 6.5 is ED-only
        var suspended = W.Check(W.Request(supplier, "4.1.1", Esme));
        Assert.Equal(ResponseCodes.E3, suspended.ResponseCode);
        Assert.Contains("Suspended", suspended.Reason);
        W.Users.SetStatus(supplier, UserStatus.Active);
        Assert.Equal(ResponseCodes.I99, W.Check(W.Request(supplier, "4.1.1", Esme)).ResponseCode);
    }

    [StoreFact]
    public void E19_unknown_device_before_E4()
    {
        // The gas supplier is not registered for anything about an unknown device, but "unknown" is what it is told.
        var d = W.Check(W.Request(UserRole.GasSupplier, "4.1.1", 0x00DB12345678FFFF));
        Assert.Equal(ResponseCodes.E19, d.ResponseCode);
        Assert.Contains("00DB12345678FFFF", d.Reason);
    }

    [StoreFact]
    public void E4_eligible_role_but_not_registered_for_the_device()
    {
        var d = W.Check(W.Request(UserRole.GasSupplier, "4.1.1", Esme));
        Assert.Equal(ResponseCodes.E4, d.ResponseCode);
        Assert.Contains(ImportMpan, d.Reason);
        Assert.Equal(ResponseCodes.I99, W.Check(W.Request(UserRole.GasSupplier, "4.1.1", Gsme)).ResponseCode);
        // A hub answers for the MPxNs of the meters on it.
        Assert.Equal(ResponseCodes.I99, W.Check(W.Request(UserRole.GasSupplier, "8.11", Chf)).ResponseCode);
    }

    [StoreFact]
    public void E5_E11_E12_E13_E17()
    {
        W.Inventory.SetStatus(Esme, SmiStatus.Decommissioned, Now);
        var e5 = W.Check(W.Request(UserRole.ImportSupplier, "4.1.1", Esme));
        Assert.Equal(ResponseCodes.E5, e5.ResponseCode);
        Assert.Contains("Decommissioned", e5.Reason);
        W.Inventory.SetStatus(Esme, SmiStatus.Commissioned, Now);

        var e11 = W.Check(W.Request(UserRole.ImportSupplier, "4.1.1", Chf));
        Assert.Equal(ResponseCodes.E11, e11.ResponseCode);
        Assert.Contains("Chf", e11.Reason);

        Assert.Equal(ResponseCodes.E12, W.Check(W.Request(UserRole.ImportSupplier, "4.1.1", Esme, cv: 4)).ResponseCode);
        Assert.Equal(ResponseCodes.E12, W.Check(W.Request(UserRole.ImportSupplier, "7.1", Esme, cv: 1)).ResponseCode);
        Assert.Equal(ResponseCodes.E13, W.Check(W.Request(UserRole.ImportSupplier, "4.1.1", Esme, cv: 1, endpoint: DuisEndpoint.ServiceT)).ResponseCode);
        Assert.Equal(ResponseCodes.E13, W.Check(W.Request(UserRole.ImportSupplier, "7.1", Esme, cv: 4, endpoint: DuisEndpoint.ServiceS)).ResponseCode);
        Assert.Equal(ResponseCodes.I99, W.Check(W.Request(UserRole.ImportSupplier, "7.1", Esme, cv: 4, endpoint: DuisEndpoint.Mqtt)).ResponseCode);

        Assert.Equal(ResponseCodes.E17, W.Check(W.Request(UserRole.ElectricityDistributor, "4.1.1", Esme, cv: 2)).ResponseCode);
        Assert.Equal(ResponseCodes.E17, W.Check(W.Request(UserRole.ElectricityDistributor, "4.1.1", Esme, cv: 3)).ResponseCode);
        Assert.Equal(ResponseCodes.I99, W.Check(W.Request(UserRole.ImportSupplier, "4.1.1", Esme, cv: 2)).ResponseCode);
        Assert.Equal(ResponseCodes.I99, W.Check(W.Request(UserRole.ImportSupplier, "7.1", Esme, cv: 6)).ResponseCode);
    }

    [StoreFact]
    public void Every_decision_is_audited_with_who_what_request_code_and_reason()
    {
        var ok = W.Request(UserRole.ImportSupplier, "4.1.1", Esme);
        var bad = W.Request(UserRole.GasSupplier, "4.1.1", Esme);
        W.Check(ok);
        W.Check(bad);
        var okEntry = Assert.Single(Store.Audit.ForRequest(ok.RequestId.ToString()));
        Assert.Equal((ok.UserEui, "4.1.1", ResponseCodes.I99, AccessOutcome.Accepted, (ulong?)Esme, Now),
            (okEntry.UserEui, okEntry.Srv, okEntry.ResponseCode, okEntry.Outcome, okEntry.DeviceEui, okEntry.At));
        Assert.Equal(AccessControl.Actor, okEntry.Actor);
        var badEntry = Assert.Single(Store.Audit.ForRequest(bad.RequestId.ToString()));
        Assert.Equal(ResponseCodes.E4, badEntry.ResponseCode);
        Assert.Contains("not the registered GS", badEntry.Reason);
        Assert.True(badEntry.Sequence > okEntry.Sequence);
    }

    [StoreFact]
    public void Other_user_needs_consent_in_force_for_consumption_data_and_type2_joins()
    {
        var ou = UserFor(UserRole.OtherUser);
        Assert.Equal(ResponseCodes.I99, W.Check(W.Request(ou, "4.8.1", Esme)).ResponseCode);

        var withdrawn = Now.AddDays(-1);
        Assert.Equal(1, Store.Consents.Withdraw(ou, ImportMpan, ConsentPurpose.ConsumptionData, withdrawn));
        Assert.Equal(1, Store.Consents.Withdraw(ou, ExportMpan, ConsentPurpose.ConsumptionData, withdrawn));
        var refused = W.Check(W.Request(ou, "4.8.1", Esme));
        Assert.Equal(ResponseCodes.E4, refused.ResponseCode);
        Assert.Contains("ConsumptionData consent", refused.Reason);
        Assert.Equal(ResponseCodes.E4, W.Check(W.Request(ou, "4.17", Esme)).ResponseCode);
        Assert.Equal(ResponseCodes.E4, W.Check(W.Request(ou, "4.11.1", Esme)).ResponseCode);
        // Judged at the required time: before the withdrawal the consent was in force.
        Assert.Equal(ResponseCodes.I99, W.Check(W.Request(ou, "4.8.1", Esme) with { RequiredAt = withdrawn.AddSeconds(-1) }).ResponseCode);
        // Not consumption data: no consent needed.
        Assert.Equal(ResponseCodes.I99, W.Check(W.Request(ou, "6.2.7", Esme)).ResponseCode);
        Assert.Equal(ResponseCodes.I99, W.Check(W.Request(ou, "11.2", Esme)).ResponseCode);
        // Type 2 joins need their own consent; consumption consent does not stand in for it.
        Assert.Equal(ResponseCodes.I99, W.Check(W.Request(ou, "8.7.2", Esme)).ResponseCode);
        Store.Consents.Withdraw(ou, ImportMpan, ConsentPurpose.Type2JoinUnjoin, withdrawn);
        Store.Consents.Withdraw(ou, ExportMpan, ConsentPurpose.Type2JoinUnjoin, withdrawn);
        Assert.Equal(ResponseCodes.E4, W.Check(W.Request(ou, "8.7.2", Esme)).ResponseCode);
        // A new consent starting in the future is not in force yet, and is from its first instant.
        var renewed = Now.AddHours(1);
        Store.Consents.Add(new ConsentRecord(ou, ImportMpan, ConsentPurpose.ConsumptionData, renewed, null));
        Assert.Equal(ResponseCodes.E4, W.Check(W.Request(ou, "4.8.1", Esme)).ResponseCode);
        W.Clock.Now = renewed;
        Assert.Equal(ResponseCodes.I99, W.Check(W.Request(ou, "4.8.1", Esme)).ResponseCode);
        // Suppliers read consumption under their licence, not OU consent.
        Assert.Equal(ResponseCodes.I99, W.Check(W.Request(UserRole.ImportSupplier, "4.8.1", Esme)).ResponseCode);
    }
}

public sealed class SqliteAccessControlTests : AccessControlTests<SqliteBackend>;

public sealed class PostgresAccessControlTests : AccessControlTests<PostgresBackend>, IPostgresSuite;
