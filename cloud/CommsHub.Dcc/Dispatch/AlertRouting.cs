using CommsHub.Dcc.Access;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Dispatch;

/// <summary>One party an alert goes to, and why.</summary>
/// <param name="UserEui">The DCC User.</param>
/// <param name="Role">The role it receives the alert in.</param>
public sealed record AlertRecipient(ulong UserEui, UserRole Role);

/// <summary>
/// Who receives a device alert (DESIGN.md Flow 3; SEC-DCC.md §6.4, §5). The rule, in order:
/// <list type="number">
/// <item>The MPxNs are the device's own, or for a hub, GPF, PPMID, HCALCS or Type 2 device those of the meters on
/// its Communications Hub (<see cref="SmartMeteringInventory.MpxnsFor"/>), looked up in Registration Data at the
/// time the alert arrives.</item>
/// <item>The registered supplier of those MPxNs (Import, Export and Gas Supplier) always receives it: suppliers own
/// the device's configuration and every alert class in GBCS has the supplier as a possible recipient.</item>
/// <item>The registered network operator (Electricity Distributor for MPANs, Gas Transporter for MPRNs) receives it too
/// when the alert class is a network one: the device addressed the alert to the network operator itself (its Business
/// Target is the registered ED/GT: the device was configured by the network operator, ECS25b), or the alert code is
/// in <see cref="NetworkOperatorAlertCodes"/> (supply outage and restoration, ECS80, the alerts SEC gives the
/// network party), or the message code is ECS80 (0x0067).</item>
/// <item>A party named as Business Target that is not the registered party at that time (a former supplier whose
/// credentials are still on the device) receives nothing: the DCC sends data only to the party registered now.</item>
/// </list>
/// </summary>
public sealed class AlertRouting(IDccStore store)
{
    private static readonly UserRole[] SupplierRoles = [UserRole.ImportSupplier, UserRole.ExportSupplier, UserRole.GasSupplier];
    private static readonly UserRole[] NetworkRoles = [UserRole.ElectricityDistributor, UserRole.GasTransporter];

    private readonly SmartMeteringInventory _inventory = new((store ?? throw new ArgumentNullException(nameof(store))).Inventory);
    private readonly RegistrationData _registration = new(store.Registration);

    /// <summary>GBCS ECS80 message code (Supply Outage Restore Alert from ESME).</summary>
    public const int Ecs80MessageCode = 0x0067;

    /// <summary>Alert codes of the network class: 0x8F35-0x8F3C supply outage / restoration (GBCS.md, SEC-DCC.md §6.4).</summary>
    public static IReadOnlySet<int> NetworkOperatorAlertCodes { get; } = Enumerable.Range(0x8F35, 8).ToHashSet();

    /// <summary>The recipients of an alert from <paramref name="device"/> addressed to <paramref name="businessTarget"/>;
    /// empty when the device is unknown or nobody is registered.</summary>
    public IReadOnlyList<AlertRecipient> Recipients(ulong device, ulong businessTarget, int? alertCode, int messageCode, DateTimeOffset at)
    {
        var d = _inventory.Find(device);
        if (d is null) return [];
        var mpxns = _inventory.MpxnsFor(d);
        var result = new List<AlertRecipient>();
        foreach (var mpxn in mpxns)
            foreach (var role in SupplierRoles)
                Add(result, _registration.Who(mpxn, role, at), role);
        var networkParties = mpxns.SelectMany(m => NetworkRoles.Select(r => (Party: _registration.Who(m, r, at), Role: r)))
            .Where(p => p.Party is not null).ToList();
        var networkClass = messageCode == Ecs80MessageCode
            || alertCode is { } code && NetworkOperatorAlertCodes.Contains(code)
            || networkParties.Any(p => p.Party == businessTarget);
        if (networkClass)
            foreach (var (party, role) in networkParties) Add(result, party, role);
        return result;
    }

    private static void Add(List<AlertRecipient> list, ulong? party, UserRole role)
    {
        if (party is { } p && !list.Any(r => r.UserEui == p)) list.Add(new AlertRecipient(p, role));
    }
}
