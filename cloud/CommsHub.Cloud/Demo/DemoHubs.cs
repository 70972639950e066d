using CommsHub.Cloud.Seeding;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Host.Keys;
using CommsHub.Firmware.Host.Runtime;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Cloud.Demo;

/// <summary>One virtual meter of the demo.</summary>
/// <param name="Eui">Device ID.</param>
/// <param name="Kind">"ESME" or "GSME".</param>
/// <param name="Mpxn">Its MPAN or MPRN (as seeded).</param>
/// <param name="Meter">The simulated device (touch it only on its hub's loop).</param>
public sealed record DemoMeter(ulong Eui, string Kind, string Mpxn, VirtualMeter Meter);

/// <summary>One virtual hub of the demo with its meters.</summary>
/// <param name="Hub">The running hub.</param>
/// <param name="Meters">The meters in its radio range (they join only through its device log).</param>
public sealed record DemoHub(VirtualHub Hub, IReadOnlyList<DemoMeter> Meters)
{
    /// <summary>The CHF EUI.</summary>
    public ulong Eui => Hub.Eui;
}

/// <summary>
/// Builds the demo's virtual hubs from the minted SMKI (the hubs' and meters' device keys, the ACB, supplier and network
/// operator as trust anchors), each over file-backed flash under <c>&lt;data&gt;/demo/&lt;EUI&gt;</c>, connecting to the
/// embedded broker with its own broker credentials. The firmware host's <see cref="VirtualHub"/> is the composition
/// root; this only chooses identities.
/// </summary>
public static class DemoHubs
{
    /// <summary>The install code every demo meter is built with and the demo's 8.11 carries (RTDS's ASCII "0123456789ABCDEF").</summary>
    public static readonly byte[] InstallCode = Hex.Decode("30313233343536373839414243444546");

    /// <summary>
    /// Starts hub <paramref name="index"/> (0-based) of <see cref="SeedPlan.Minted"/>, its outbox holding
    /// <paramref name="outboxCapacity"/> frames; keys it loads are added to <paramref name="owned"/>.
    /// </summary>
    public static DemoHub Start(int index, string keysFolder, string dataDirectory, ulong acb, string brokerHost, int brokerPort,
        string brokerSecret, List<IDisposable> owned, ILoggerFactory loggers, int outboxCapacity = CommsHub.Firmware.Host.Storage.HubFlash.OutboxCapacity)
    {
        var plan = SeedPlan.Minted;
        var seed = plan.Hubs[index];
        var keystore = new DirectoryKeyStore(keysFolder);
        var folder = Path.Combine(dataDirectory, Eui64.ToText(seed.Chf));
        NetPrivateKey Key(ulong eui, KeyUsage usage)
        {
            var key = KeyFiles.LoadOrCreate(keysFolder, Path.Combine(folder, "keys"), eui, usage, out _, out _);
            owned.Add(key);
            return key;
        }
        var meters = seed.Meters.Select(m =>
        {
            var keys = new MeterKeys(Key(m.Eui, KeyUsage.KeyAgreement), Key(m.Eui, KeyUsage.DigitalSignature), keystore, acb);
            // Each meter gets its own crypto object: its caches are per instance and meters run on their hub's loop.
            VirtualMeter meter = m.Type == Protocol.Asn1.DeviceType.Esme
                ? new VirtualEsme(m.Eui, InstallCode, keys, new NetGbcsCrypto(64))
                : new VirtualGsme(m.Eui, InstallCode, keys, new NetGbcsCrypto(64));
            meter.AlertRecipient = plan.Supplier;
            return new DemoMeter(m.Eui, m.Type.ToString().ToUpperInvariant(), m.Mpxn, meter);
        }).ToList();
        var hub = VirtualHub.Start(new VirtualHubOptions
        {
            Eui = seed.Chf,
            DataDirectory = folder,
            KeyAgreementKey = Key(seed.Chf, KeyUsage.KeyAgreement),
            DigitalSignatureKey = Key(seed.Chf, KeyUsage.DigitalSignature),
            TrustAnchors = Anchors(keystore, acb, plan),
            BrokerHost = brokerHost,
            BrokerPort = brokerPort,
            Meters = meters.Select(m => m.Meter).ToList(),
            BackoffBaseMs = 200,
            BackoffMaxMs = 5000,
            MqttUserName = Eui64.ToText(seed.Chf),
            MqttPassword = brokerSecret,
            OutboxCapacity = outboxCapacity,
        }, loggers);
        return new DemoHub(hub, meters);
    }

    private static List<TrustAnchorCell> Anchors(IGbcsKeyStore keys, ulong acb, SeedPlan plan)
    {
        var cells = new List<TrustAnchorCell>();
        foreach (var (role, eui) in new[]
                 {
                     (RemotePartyRole.AccessControlBroker, acb),
                     (RemotePartyRole.Supplier, plan.Supplier),
                     (RemotePartyRole.NetworkOperator, plan.NetworkOperator),
                 })
        {
            var ds = keys.GetPublicKey(eui, KeyUsage.DigitalSignature, false);
            var ka = keys.GetPublicKey(eui, KeyUsage.KeyAgreement, false);
            if (ds is not null || ka is not null) cells.Add(new TrustAnchorCell(role, eui, ds!, ka!));
        }
        return cells;
    }
}
