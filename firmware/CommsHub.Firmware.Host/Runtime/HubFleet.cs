using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Host.Cli;
using CommsHub.Firmware.Host.Keys;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Firmware.Host.Wan;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Net.Crypto;
using Microsoft.Extensions.Logging;

namespace CommsHub.Firmware.Host.Runtime;

/// <summary>
/// The hubs of one <c>commshub-hub</c> process, built from its options: hub i has EUI <c>--eui</c> + i x <c>--eui-step</c> and its own
/// data folder <c>--data/&lt;EUI&gt;</c>; its CHF keys come from the keystore when it holds them, else from that
/// folder, else are generated there (the public KA key is logged and saved as <c>&lt;eui&gt;-ka.pem</c> for the
/// adapter); trust anchors and the meters' remote-party keys come from the keystore.
/// </summary>
public sealed partial class HubFleet : IAsyncDisposable
{
    private readonly List<VirtualHub> _hubs = new();
    private readonly List<IDisposable> _owned = new(); // keys and execution records, released on stop
    private readonly TaskCompletionSource<WanRefusal> _refused = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HubFleet()
    {
    }

    /// <summary>The running hubs, in EUI order.</summary>
    public IReadOnlyList<VirtualHub> Hubs => _hubs;

    /// <summary>
    /// Completes when a connection of any hub first fails in a way retrying cannot cure (<see cref="VirtualHub.Refused"/>),
    /// its reason prefixed with the hub: "hub &lt;EUI&gt; (user &lt;name&gt;): &lt;reason&gt;" for credentials,
    /// "hub &lt;EUI&gt;: &lt;reason&gt;" for TLS.
    /// </summary>
    public Task<WanRefusal> Refused => _refused.Task;

    /// <summary>
    /// Builds and starts every hub. Tuning such as the backoff can be adjusted per hub by <paramref name="adjust"/>;
    /// <paramref name="started"/> is called after each hub has started, with how many have (progress of a long start).
    /// </summary>
    public static HubFleet Start(HostOptions options, ILoggerFactory loggers, Func<VirtualHubOptions, VirtualHubOptions>? adjust = null,
        Action<int>? started = null)
    {
        var logger = loggers.CreateLogger("commshub-hub");
        var fleet = new HubFleet();
        IGbcsKeyStore keystore = options.KeysDirectory is null ? new InMemoryKeyStore() : new DirectoryKeyStore(options.KeysDirectory);
        var anchors = Anchors(options, keystore, logger);
        try
        {
            for (int i = 0; i < options.Count; i++)
            {
                ulong eui = options.Eui + (ulong)i * options.EuiStep;
                string data = Path.Combine(options.DataDirectory, Eui64.ToText(eui));
                var ka = fleet.Own(KeyFiles.LoadOrCreate(options.KeysDirectory, Path.Combine(data, "keys"), eui, KeyUsage.KeyAgreement, out var kaSource, out var kaPath));
                var ds = fleet.Own(KeyFiles.LoadOrCreate(options.KeysDirectory, Path.Combine(data, "keys"), eui, KeyUsage.DigitalSignature, out _, out _));
                if (kaSource == KeyFiles.Source.Generated) LogGenerated(logger, Eui64.ToText(eui), Hex.Encode(ka.PublicKey), Path.ChangeExtension(kaPath, ".pem"));
                var meters = options.Meters.Select(m => fleet.Meter(m.ForHub(i), options, keystore, Path.Combine(data, "devices"))).ToList();
                if (options.RecordExecutions)
                {
                    var record = fleet.Own(new ExecutionRecord(data));
                    foreach (var meter in meters) record.Attach(meter);
                }
                var hubOptions = new VirtualHubOptions
                {
                    Eui = eui,
                    DataDirectory = data,
                    KeyAgreementKey = ka,
                    DigitalSignatureKey = ds,
                    TrustAnchors = anchors,
                    BrokerHost = options.BrokerHost,
                    BrokerPort = options.BrokerPort,
                    MqttUserName = options.UserNameFor(eui),
                    MqttPassword = options.MqttPassword,
                    Tls = options.Tls,
                    Meters = meters,
                    Radio = i == 0 ? options.Radio : null,
                    WanWindow = options.WanWindow,
                };
                var hub = VirtualHub.Start(adjust is null ? hubOptions : adjust(hubOptions), loggers);
                fleet._hubs.Add(hub);
                string who = $"hub {Eui64.ToText(eui)}";
                string login = $"{who} ({(hubOptions.MqttUserName is { } user ? "user " + user : "no user name")})";
                hub.Refused.ContinueWith(t => fleet._refused.TrySetResult(
                        t.Result with { Reason = $"{(t.Result.Kind == WanRefusalKind.Credentials ? login : who)}: {t.Result.Reason}" }),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                started?.Invoke(fleet._hubs.Count);
            }
        }
        catch
        {
            fleet.StopAsync(TimeSpan.Zero).GetAwaiter().GetResult();
            throw;
        }
        return fleet;
    }

    /// <summary>Stops every hub (each drains its outbox for up to <paramref name="drain"/>) and releases the keys and execution records.</summary>
    public async Task StopAsync(TimeSpan drain)
    {
        await Task.WhenAll(_hubs.Select(h => h.StopAsync(drain))).ConfigureAwait(false);
        foreach (var k in _owned) k.Dispose();
        _owned.Clear();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);

    private T Own<T>(T owned) where T : IDisposable
    {
        _owned.Add(owned);
        return owned;
    }

    private VirtualMeter Meter(MeterSpec spec, HostOptions options, IGbcsKeyStore keystore, string folder)
    {
        var keys = new MeterKeys(
            Own(KeyFiles.LoadOrCreate(options.KeysDirectory, folder, spec.Eui, KeyUsage.KeyAgreement, out _, out _)),
            Own(KeyFiles.LoadOrCreate(options.KeysDirectory, folder, spec.Eui, KeyUsage.DigitalSignature, out _, out _)),
            keystore, options.Acb);
        // Meters run on their hub's loop thread; each gets its own crypto object (its caches are per instance).
        var crypto = new NetGbcsCrypto(64);
        VirtualMeter meter = spec.Kind switch
        {
            MeterKind.Esme => new VirtualEsme(spec.Eui, spec.InstallCode, keys, crypto),
            MeterKind.Gsme => new VirtualGsme(spec.Eui, spec.InstallCode, keys, crypto),
            _ => new VirtualIhd(spec.Eui, spec.InstallCode, keys, crypto),
        };
        meter.AlertRecipient = options.Supplier;
        return meter;
    }

    private static List<TrustAnchorCell> Anchors(HostOptions options, IGbcsKeyStore keys, ILogger logger)
    {
        var cells = new List<TrustAnchorCell>();
        foreach (var (role, eui) in new[]
                 {
                     (RemotePartyRole.AccessControlBroker, options.Acb),
                     (RemotePartyRole.Supplier, options.Supplier),
                     (RemotePartyRole.NetworkOperator, options.NetworkOperator),
                 })
        {
            var ds = keys.GetPublicKey(eui, KeyUsage.DigitalSignature, false);
            var ka = keys.GetPublicKey(eui, KeyUsage.KeyAgreement, false);
            if (ds is null && ka is null) continue;
            cells.Add(new TrustAnchorCell(role, eui, ds, ka));
            LogAnchor(logger, role.ToString(), Eui64.ToText(eui), ka is not null, ds is not null);
        }
        if (!cells.Any(c => c.Role == RemotePartyRole.AccessControlBroker && c.KaPublicKey is not null))
            LogNoAcb(logger, Eui64.ToText(options.Acb));
        return cells;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "hub {Eui}: generated a CHF key pair; KA public key {PublicKey}; public key saved to {Path}")]
    private static partial void LogGenerated(ILogger logger, string eui, string publicKey, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "trust anchor {Role} {Eui}: KA {HasKa}, DS {HasDs}")]
    private static partial void LogAnchor(ILogger logger, string role, string eui, bool hasKa, bool hasDs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "no KA key for the ACB {Eui} in --keys: the hub will reject every command")]
    private static partial void LogNoAcb(ILogger logger, string eui);
}
