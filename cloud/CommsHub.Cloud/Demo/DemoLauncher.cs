using System.Net;
using CommsHub.Cloud.Configuration;
using CommsHub.Cloud.Identity;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Smki;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Protocol.Encoding;
using Microsoft.Extensions.Options;

namespace CommsHub.Cloud.Demo;

/// <summary>
/// <c>--demo</c>: starts the virtual hubs after the broker, and (unless <see cref="DemoSettings.JoinMeters"/> is off)
/// has each meter join the way an installer makes it: the supplier's 8.11 through the adapter's own intake, CCS01 to the
/// hub, the meter joining with its install code. A meter already on its hub's device log (a restart) is left alone.
/// </summary>
public sealed partial class DemoLauncher(IOptions<CommsHubOptions> options, IdentitySet identities, EmbeddedBroker broker,
    MqttCredentials credentials, DuisIntake intake, ILoggerFactory loggers, ILogger<DemoLauncher> logger) : IHostedService
{
    private readonly CommsHubOptions _options = options.Value;
    private readonly List<IDisposable> _keys = [];
    private readonly List<DemoHub> _hubs = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _joining = Task.CompletedTask;

    /// <summary>The running demo hubs (empty without <c>--demo</c>).</summary>
    public IReadOnlyList<DemoHub> Hubs => _hubs;

    /// <summary>Completes when the start-up joins have been attempted (tests wait on it).</summary>
    public Task Joining => _joining;

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Demo.Enabled) return Task.CompletedTask;
        var (host, port) = BrokerEndpoint();
        var dataDirectory = Path.Combine(Path.GetFullPath(_options.DataDirectory), "demo");
        for (int i = 0; i < _options.Demo.Hubs; i++)
        {
            var eui = Eui64.ToText(DemoIdentities.Hubs[i]);
            var secret = credentials.SecretOf(eui) ?? throw new InvalidOperationException($"no broker credentials for demo hub {eui}");
            _hubs.Add(DemoHubs.Start(i, identities.KeysDirectory, dataDirectory, identities.DccEui, host, port, secret, _keys, loggers,
                _options.Demo.OutboxCapacity));
        }
        if (_options.Demo.JoinMeters) _joining = Task.Run(() => JoinAllAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    // Where the demo hubs connect: the embedded broker's plain endpoint, or the external broker's (plain) listener.
    private (string Host, int Port) BrokerEndpoint()
    {
        if (_options.Mqtt.Mode == MqttMode.External) return (_options.Mqtt.External.Host, _options.Mqtt.External.EffectivePort);
        var address = IPAddress.Parse(broker.Address);
        return (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : broker.Address, broker.Port);
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try { await _joining.ConfigureAwait(false); } catch (OperationCanceledException) { }
        await Task.WhenAll(_hubs.Select(h => h.Hub.StopAsync(TimeSpan.FromSeconds(1)))).ConfigureAwait(false);
        foreach (var k in _keys) k.Dispose();
        _keys.Clear();
        _stop.Dispose();
    }

    /// <summary>The lines the start banner prints for the demo: hubs, meters, and a command that reads a meter.</summary>
    public IEnumerable<string> Describe(string httpUrl)
    {
        foreach (var hub in _hubs)
        {
            var meters = string.Join(", ", hub.Meters.Select(m => $"{m.Kind} {Eui64.ToText(m.Eui)} ({(m.Kind == "ESME" ? "MPAN" : "MPRN")} {m.Mpxn})"));
            yield return $"commshub: demo hub {Eui64.ToText(hub.Eui)}: {meters}";
        }
        if (_hubs.Count == 0) yield break;
        var esme = _hubs[0].Meters.First(m => m.Kind == "ESME");
        var dataDir = Path.GetFullPath(_options.DataDirectory);
        yield return $"commshub: demo supplier {Eui64.ToText(DemoIdentities.Supplier)}; read a meter (in another terminal, from the repository root):";
        yield return $"  dotnet run --project cloud/CommsHub.Cli -- read-meter --meter {Eui64.ToText(esme.Eui)} --url {httpUrl} --mqtt-port {BrokerEndpoint().Port} --data-dir {dataDir}";
    }

    private async Task JoinAllAsync(CancellationToken ct)
    {
        try
        {
            using var supplier = LoadSupplier();
            foreach (var hub in _hubs)
            {
                if (!await WaitAsync(() => hub.Hub.InvokeAsync(() => hub.Hub.Link.State == WanLinkState.Connected), TimeSpan.FromSeconds(30), ct).ConfigureAwait(false))
                {
                    LogNotOnline(Eui64.ToText(hub.Eui));
                    continue;
                }
                foreach (var meter in hub.Meters)
                {
                    if (await hub.Hub.InvokeAsync(() => hub.Hub.Engine.DeviceLog.Find(meter.Eui) is not null).ConfigureAwait(false)) continue;
                    var request = DemoRequests.AddToDeviceLog(supplier, DemoIdentities.Supplier, hub.Eui, meter.Eui, DemoHubs.InstallCode,
                        meter.Mpxn, joinSeconds: 120, DemoRequests.NextCounter());
                    var result = await intake.ProcessAsync(request, DuisEndpoint.ServiceS, null, ct).ConfigureAwait(false);
                    LogAdd(meter.Kind, Eui64.ToText(meter.Eui), Eui64.ToText(hub.Eui), result.ResponseCode ?? result.Kind.ToString());
                }
            }
            foreach (var hub in _hubs)
                foreach (var meter in hub.Meters)
                {
                    var joined = await WaitAsync(() => hub.Hub.InvokeAsync(() => meter.Meter.IsJoined), TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
                    if (joined) LogJoined(meter.Kind, Eui64.ToText(meter.Eui), Eui64.ToText(hub.Eui));
                    else LogNotJoined(meter.Kind, Eui64.ToText(meter.Eui), Eui64.ToText(hub.Eui));
                }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The demo hubs keep running; only the convenience joins failed.
            LogJoinFailed(ex);
        }
    }

    private DuisSigner LoadSupplier()
    {
        var stem = new SmkiFolder(identities.Source).XmlSignStem(DemoIdentities.Supplier, dsp: false);
        return DuisSigner.Load(stem + ".key", stem + ".pem");
    }

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition().ConfigureAwait(false)) return true;
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "demo: 8.11 add {Kind} {Meter} to hub {Hub}: {Code}")]
    private partial void LogAdd(string kind, string meter, string hub, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "demo: {Kind} {Meter} joined hub {Hub}")]
    private partial void LogJoined(string kind, string meter, string hub);

    [LoggerMessage(Level = LogLevel.Warning, Message = "demo: {Kind} {Meter} has not joined hub {Hub}")]
    private partial void LogNotJoined(string kind, string meter, string hub);

    [LoggerMessage(Level = LogLevel.Warning, Message = "demo: hub {Hub} did not come online")]
    private partial void LogNotOnline(string hub);

    [LoggerMessage(Level = LogLevel.Error, Message = "demo: joining the meters failed")]
    private partial void LogJoinFailed(Exception ex);
}
