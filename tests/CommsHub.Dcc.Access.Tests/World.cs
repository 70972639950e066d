using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>
/// A small valid world: one Communications Hub with an ESME (import and export MPAN), a GSME (MPRN), a GPF, a PPMID
/// and an HCALCS, all Commissioned; one user per role, each registered for the MPxNs its role covers; Other User
/// consent for both purposes. Tests change one thing and expect one E-code.
/// </summary>
public sealed class World
{
    public static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public const string ImportMpan = "1100000000011";
    public const string ExportMpan = "1100000000022";
    public const string Mprn = "3300000033";

    public const ulong Chf = 0x00DB1234567890A2, Esme = 0x00DB1234567890A0, Gsme = 0x00DB1234567890A1,
        Gpf = 0x00DB1234567890A3, Ppmid = 0x00DB1234567890A4, Hcalcs = 0x00DB1234567890A5;

    /// <summary>The user EUI for each role (one role each).</summary>
    public static ulong UserFor(UserRole role) => 0x90B3D51F30010000UL + (ulong)role;

    public World(IDccStore store, AccessControlOptions? options = null)
    {
        Store = store;
        Clock = new ManualClock(Now);
        Alerts = new InMemoryOperatorAlerts();
        Users = new UserDirectory(store.Users);
        Registration = new RegistrationData(store.Registration);
        Inventory = new SmartMeteringInventory(store.Inventory);
        Access = new AccessControl(store, options, Alerts, Clock);

        foreach (var role in UserRoles.All)
            Users.Save(new DccUser(UserFor(role), $"test {role.Code()}", new HashSet<UserRole> { role }, UserStatus.Active,
                new XmlSignIdentity("CN=Z1, OU=07", $"{0x1000 + (int)role:X}")));

        Device(Chf, DeviceType.Chf, hub: null);
        Device(Esme, DeviceType.Esme, ImportMpan, ExportMpan);
        Device(Gsme, DeviceType.Gsme, Mprn);
        Device(Gpf, DeviceType.Gpf);
        Device(Ppmid, DeviceType.Ppmid);
        Device(Hcalcs, DeviceType.Hcalcs);

        Register(ImportMpan, UserRole.ImportSupplier, UserRole.ElectricityDistributor, UserRole.RegisteredSupplierAgent);
        Register(ExportMpan, UserRole.ExportSupplier, UserRole.ElectricityDistributor);
        Register(Mprn, UserRole.GasSupplier, UserRole.GasTransporter, UserRole.RegisteredSupplierAgent);

        var ou = UserFor(UserRole.OtherUser);
        foreach (var mpxn in new[] { ImportMpan, ExportMpan, Mprn })
            foreach (var purpose in Enum.GetValues<ConsentPurpose>())
                store.Consents.Add(new ConsentRecord(ou, mpxn, purpose, Epoch, null));
    }

    public IDccStore Store { get; }
    public ManualClock Clock { get; }
    public InMemoryOperatorAlerts Alerts { get; }
    public UserDirectory Users { get; }
    public RegistrationData Registration { get; }
    public SmartMeteringInventory Inventory { get; }
    public AccessControl Access { get; }

    private ulong _counter = 1_700_000_000_000;

    /// <summary>Adds a Commissioned device on the hub.</summary>
    public void Device(ulong eui, DeviceType type, params string[] mpxns) => Device(eui, type, Chf, mpxns);

    /// <summary>Adds a Commissioned device.</summary>
    public void Device(ulong eui, DeviceType type, ulong? hub, params string[] mpxns) =>
        Inventory.Save(new InventoryDevice(eui, type, SmiStatus.Commissioned, Epoch, mpxns, hub));

    private void Register(string mpxn, params UserRole[] roles)
    {
        foreach (var role in roles) Store.Registration.Add(new RegistrationPeriod(mpxn, role, UserFor(role), Epoch, null));
    }

    /// <summary>A request with a fresh counter; CV and endpoint default to the SRV's usual ones.</summary>
    public AccessRequest Request(UserRole role, string srv, ulong? device, int? cv = null, DuisEndpoint? endpoint = null) =>
        Request(UserFor(role), srv, device, cv, endpoint);

    /// <summary>A request with a fresh counter from any user EUI.</summary>
    public AccessRequest Request(ulong user, string srv, ulong? device, int? cv = null, DuisEndpoint? endpoint = null)
    {
        var variant = cv ?? UsualCv(srv);
        var info = SrvCatalogue.Find(srv);
        var target = info is { NonDevice: true } ? 0x90B3D51F30000002UL : device ?? 0;
        return new AccessRequest(new RequestId(user, target, ++_counter), srv, variant,
            endpoint ?? DuisEndpoints.HttpEndpointFor(variant)!.Value, device);
    }

    /// <summary>The non-local command variant a user would normally send: 1 (non-critical), 4 (critical), 8 (non-device).</summary>
    public static int UsualCv(string srv)
    {
        var cvs = SrvCatalogue.Find(srv)?.CommandVariants ?? new HashSet<int> { 1 };
        return new[] { 1, 4, 8, 5 }.First(cvs.Contains);
    }

    /// <summary>Checks and returns the decision.</summary>
    public AccessDecision Check(AccessRequest request) => Access.Check(request);
}
