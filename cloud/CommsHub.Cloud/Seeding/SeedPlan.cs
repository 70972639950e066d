using CommsHub.Dcc.Access;
using CommsHub.Dcc.Smki;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Cloud.Seeding;

/// <summary>One meter of a seeded hub: its device, type and the metering point it serves.</summary>
/// <param name="Eui">Device ID.</param>
/// <param name="Type">ESME or GSME.</param>
/// <param name="Mpxn">Its import MPAN (ESME) or MPRN (GSME).</param>
/// <param name="Cin">The Customer Identification Number the DCC allocated it (4 digits), which 9.1 sends to it; null: none.</param>
public sealed record SeedMeter(ulong Eui, DeviceType Type, string Mpxn, string? Cin = null);

/// <summary>One seeded Communications Hub with its GPF (if any) and meters.</summary>
/// <param name="Chf">The CHF's EUI.</param>
/// <param name="Gpf">The GPF's EUI, or null when the identity set has none.</param>
/// <param name="Meters">The meters on its HAN.</param>
public sealed record SeedHub(ulong Chf, ulong? Gpf, IReadOnlyList<SeedMeter> Meters);

/// <summary>
/// What the store is seeded with on first start: the hubs and meters of the identity set, and who is registered for
/// their metering points (the supplier as import and gas supplier, the network operator as distributor and transporter).
/// </summary>
/// <param name="Supplier">The registered supplier (IS for MPANs, GS for MPRNs).</param>
/// <param name="NetworkOperator">The registered network operator (ED for MPANs, GT for MPRNs).</param>
/// <param name="Hubs">The inventory.</param>
public sealed record SeedPlan(ulong Supplier, ulong NetworkOperator, IReadOnlyList<SeedHub> Hubs)
{
    /// <summary>
    /// The minted demo set (<see cref="DemoIdentities"/>): per hub …A2 CHF, …A3 GPF, …A0 ESME, …A1 GSME. The MPxNs are
    /// made up per hub (13-digit MPAN, 10-digit MPRN) so that each meter has its own registration.
    /// </summary>
    public static SeedPlan Minted { get; } = new(DemoIdentities.Supplier, DemoIdentities.NetworkOperator,
        DemoIdentities.Hubs.Select((hub, i) => new SeedHub(hub, hub + 1,
        [
            new SeedMeter(hub - 2, DeviceType.Esme, MintedMpan(i), MintedCin(i, 0)),
            new SeedMeter(hub - 1, DeviceType.Gsme, MintedMprn(i), MintedCin(i, 1)),
        ])).ToList());

    /// <summary>
    /// The RTDS/ZAZ1 set: supplier 90B3D51F30010000, network operator 90B3D51F30020000, CHF 00DB1234567890A2 with ESME …A0
    /// (MPAN 1312345678111, as the 8.11 template registers it) and GSME …A1 (MPRN 1234567890, as the templates write it).
    /// The RTDS GPF is not in the public test data, so none is seeded.
    /// </summary>
    public static SeedPlan Rtds { get; } = new(0x90B3D51F30010000, 0x90B3D51F30020000,
    [
        new SeedHub(0x00DB1234567890A2, null,
        [
            new SeedMeter(0x00DB1234567890A0, DeviceType.Esme, "1312345678111", RtdsCin),
            new SeedMeter(0x00DB1234567890A1, DeviceType.Gsme, "1234567890", RtdsCin),
        ]),
    ]);

    /// <summary>
    /// The import MPAN of the ESME on the <paramref name="hubIndex"/>-th minted hub (0-based): 13 digits, as an MPAN core
    /// is (distributor 19, a 10-digit unique part from the hub's number, and a last digit), for any hub count a bench
    /// can run. The first 999 are those earlier versions minted (then the number had three digits and the 1,000th hub
    /// got a 14-digit MPAN, which the DUIS schema refuses).
    /// </summary>
    public static string MintedMpan(int hubIndex) => $"19{Number(hubIndex):D10}1";

    /// <summary>
    /// The MPRN of the GSME on the <paramref name="hubIndex"/>-th minted hub (0-based): 10 digits (88, 7 from the hub's
    /// number, a last digit); the first 9,999 are those earlier versions minted.
    /// </summary>
    public static string MintedMprn(int hubIndex) => $"88{Number(hubIndex):D7}1";

    private static long Number(int hubIndex) =>
        hubIndex >= 0 ? hubIndex + 1L : throw new ArgumentOutOfRangeException(nameof(hubIndex), hubIndex, "a hub index is 0 or more");

    /// <summary>The CIN the RTDS's ECS50 and GCS36 commands carry ("1234").</summary>
    public const string RtdsCin = "1234";

    /// <summary>
    /// The CIN of a demo meter: hub number then meter number (ESME 1, GSME 2), e.g. 0101 and 0102 on the first hub. Made
    /// up like the MPxNs: the demo's DCC allocates them, and a test can predict them.
    /// </summary>
    public static string MintedCin(int hubIndex, int meterIndex) => $"{hubIndex + 1:D2}{meterIndex + 1:D2}";

    /// <summary>
    /// The CINs of the seeded meters as the transform asks for them (<see cref="ICustomerIdentificationNumbers"/>), for
    /// <see cref="Dcc.Pipeline.DuisProcessorOptions.FallbackInventory"/>: the stored inventory record holds no CIN.
    /// </summary>
    public IDeviceInventory CustomerIdentificationNumbers()
    {
        var cins = new ProfiledDeviceInventory(new StaticDeviceInventory());
        foreach (var meter in Hubs.SelectMany(h => h.Meters))
            if (meter.Cin is { } cin) cins.AddCin(meter.Eui, cin);
        return cins;
    }

    /// <summary>The registrations of one meter's MPxN.</summary>
    internal IEnumerable<(UserRole Role, ulong Party)> RegistrationsOf(SeedMeter meter) => meter.Type == DeviceType.Esme
        ? [(UserRole.ImportSupplier, Supplier), (UserRole.ElectricityDistributor, NetworkOperator)]
        : [(UserRole.GasSupplier, Supplier), (UserRole.GasTransporter, NetworkOperator)];
}
