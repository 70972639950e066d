using System.Globalization;
using CommsHub.Cli.Faults;
using CommsHub.Cloud.Identity;
using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Security;
using CommsHub.Cloud.Seeding;
using CommsHub.Dcc.Smki;
using CommsHub.Dcc.Storage.Sql;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Cli.Bench;

/// <summary>
/// The bench's identities, laid into the adapter's data folder before the adapter first starts: the demo SMKI plus, per
/// hub n, a CHF <c>02C04B10 00 00nn A2</c> and its ESME (…A0), the minted demo scheme extended past two hubs; per pair of
/// users a supplier (<c>02C04B00 0001 00kk</c>) and a network operator (<c>02C04B00 0002 00kk</c>) with XML-signing keys;
/// the inventory and Registration Data (meter n's import supplier and distributor are pair n mod pairs); and the broker
/// credentials (every bench hub shares one secret, so one <c>commshub-hub --count</c> process can run them all). The
/// adapter's own seeding then finds everything present and leaves it alone.
/// </summary>
internal sealed class BenchRig
{
    private const ulong FirstHub = 0x02C04B10000001A2;
    private const ulong HubStep = 0x100;
    private const ulong FirstIdleHub = 0x02C04B20000000A2;

    private BenchRig(string adapterData, int hubs, int users, int idleHubs)
    {
        AdapterData = adapterData;
        Hubs = Enumerable.Range(0, hubs).Select(i => FirstHub + (ulong)i * HubStep).ToList();
        IdleHubs = Enumerable.Range(0, idleHubs).Select(i => FirstIdleHub + (ulong)i * HubStep).ToList();
        Pairs = (users + 1) / 2;
        Users = Enumerable.Range(0, users).Select(j => (j % 2 == 0 ? DemoIdentities.Supplier : DemoIdentities.NetworkOperator) + (ulong)(j / 2)).ToList();
    }

    /// <summary>The adapter's data folder.</summary>
    public string AdapterData { get; }

    /// <summary>The SMKI folder inside it.</summary>
    public SmkiFolder Smki => new(Path.Combine(AdapterData, "smki"));

    /// <summary>The hubs' CHF EUIs, hub n = first + n x 0x100.</summary>
    public IReadOnlyList<ulong> Hubs { get; }

    /// <summary>
    /// Hubs that only connect and publish their retained status (<c>--idle-hubs</c>): broker accounts (the shared hub
    /// secret), no certificates, no meters.
    /// </summary>
    public IReadOnlyList<ulong> IdleHubs { get; }

    /// <summary>The users, in the order they are started: supplier 0, network operator 0, supplier 1, ...</summary>
    public IReadOnlyList<ulong> Users { get; }

    /// <summary>Supplier / network operator pairs.</summary>
    public int Pairs { get; }

    /// <summary>The secret every bench hub logs in with.</summary>
    public string HubSecret { get; } = BrokerAccounts.Fresh();

    /// <summary>The adapter's broker password (the raw MQTT measurement's cloud side logs in with it on Mosquitto).</summary>
    public string AdapterSecret { get; } = BrokerAccounts.Fresh();

    /// <summary>Each user's broker password.</summary>
    public Dictionary<ulong, string> UserSecrets { get; } = [];

    /// <summary>The ESME on hub <paramref name="hub"/>.</summary>
    public static ulong EsmeOf(ulong hub) => hub - 2;

    /// <summary>The users registered for the ESME of hub index <paramref name="index"/>: its supplier and network operator.</summary>
    public IEnumerable<ulong> ReadersOf(int index) =>
        Users.Where((_, j) => j / 2 == index % Pairs);

    /// <summary>
    /// Mints, seeds and writes the credentials (with <paramref name="idleHubs"/> accounts for <see cref="IdleHubs"/>); the
    /// adapter has not run on <paramref name="adapterData"/> yet.
    /// </summary>
    public static BenchRig Prepare(string adapterData, int hubs, int users, int idleHubs = 0)
    {
        var rig = new BenchRig(adapterData, hubs, users, idleHubs);
        OwnerOnlyFile.CreateDirectory(adapterData);
        new TestSmki(rig.Smki).EnsureMinted(rig.Plan());
        var identities = IdentityLoader.LoadMinted(rig.Smki.Root);
        var database = Path.Combine(adapterData, "commshub.db");
        OwnerOnlyFile.CreateEmpty(database);
        using (var store = SqliteDccStore.Open(adapterData))
        {
            for (int k = 0; k < rig.Pairs; k++)
            {
                var hubsOfPair = rig.Hubs.Select((hub, i) => (hub, i)).Where(x => x.i % rig.Pairs == k)
                    .Select(x => new SeedHub(x.hub, null, [new SeedMeter(EsmeOf(x.hub), DeviceType.Esme, SeedPlan.MintedMpan(x.i))])).ToList();
                StoreSeeder.Seed(store, identities, new SeedPlan(DemoIdentities.Supplier + (ulong)k, DemoIdentities.NetworkOperator + (ulong)k, hubsOfPair));
            }
        }
        rig.WriteCredentials(Path.Combine(adapterData, "mqtt", "credentials.json"));
        return rig;
    }

    private SmkiPlan Plan()
    {
        var demo = DemoIdentities.Plan;
        KeyUsage[] both = [KeyUsage.KeyAgreement, KeyUsage.DigitalSignature];
        var organisations = demo.Organisations.ToList();
        for (int k = 1; k < Pairs; k++)
        {
            organisations.Add(new SmkiOrganisation(DemoIdentities.Supplier + (ulong)k, $"Bench Supplier {k}", SmkiRoles.Supplier, both, XmlSign: true));
            organisations.Add(new SmkiOrganisation(DemoIdentities.NetworkOperator + (ulong)k, $"Bench Network Operator {k}", SmkiRoles.NetworkOperator, both, XmlSign: true));
        }
        var devices = demo.Devices.ToList();
        foreach (var hub in Hubs.Where(h => !DemoIdentities.Hubs.Contains(h)))
        {
            devices.Add(new SmkiDevice(hub, "chf", hub));
            devices.Add(new SmkiDevice(EsmeOf(hub), "esme", hub));
        }
        return new SmkiPlan(organisations, devices);
    }

    // The adapter's credentials file (MqttCredentials): every hub shares one secret, each user has its own.
    private void WriteCredentials(string path)
    {
        var entries = new List<MqttCredentials.Entry> { new(MqttCredentials.AdapterUser, MqttPrincipalKind.Adapter, AdapterSecret) };
        entries.AddRange(Hubs.Concat(IdleHubs).Select(h => new MqttCredentials.Entry(Eui64.ToText(h), MqttPrincipalKind.Hub, HubSecret)));
        foreach (var user in Users.Concat([DemoIdentities.OtherUser]).Distinct())
        {
            var secret = BrokerAccounts.Fresh();
            UserSecrets[user] = secret;
            entries.Add(new MqttCredentials.Entry(Eui64.ToText(user), MqttPrincipalKind.User, secret));
        }
        BrokerAccounts.Write(path, entries);
    }

    /// <summary>Text of an EUI list for the log.</summary>
    public static string Names(IEnumerable<ulong> euis) => string.Join(", ", euis.Select(Eui64.ToText));

    /// <summary>An invariant-culture number.</summary>
    public static string Text(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);
}
