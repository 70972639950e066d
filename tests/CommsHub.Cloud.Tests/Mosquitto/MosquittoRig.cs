using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Mqtt.Mosquitto;
using CommsHub.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CommsHub.Cloud.Tests.Mosquitto;

/// <summary>
/// A Mosquitto configured by <c>commshub broker mosquitto-config</c>'s own code (<see cref="MosquittoConfigWriter"/>)
/// over a temp data directory, on free loopback ports (plain and TLS), plus adapters in External mode against it.
/// Disposing stops the adapters, kills the broker and deletes the folder.
/// </summary>
public sealed class MosquittoRig : IAsyncDisposable
{
    private readonly List<WebApplication> _adapters = [];
    private MosquittoProcess? _broker;

    private MosquittoRig(string dir) => DataDirectory = dir;

    /// <summary>The adapter's data directory (credentials, SMKI).</summary>
    public string DataDirectory { get; }

    /// <summary>The plain listener's port.</summary>
    public int Port { get; private set; }

    /// <summary>The TLS listener's port.</summary>
    public int TlsPort { get; private set; }

    /// <summary>What the config writer wrote.</summary>
    public MosquittoConfigResult Files { get; private set; } = null!;

    /// <summary>The broker's log so far.</summary>
    public string Log => _broker?.Log ?? "";

    /// <summary>The credentials the broker's password file was written from.</summary>
    public MqttCredentials Credentials => MqttCredentials.Load(Path.Combine(DataDirectory, "mqtt", "credentials.json"));

    /// <summary>
    /// A broker for a data directory that <paramref name="prepare"/> fills (it must leave <c>mqtt/credentials.json</c>),
    /// started and accepting, checking accounts and topics as <paramref name="accessControl"/> says (the generated default:
    /// the dynamic security plugin).
    /// </summary>
    public static async Task<MosquittoRig> StartAsync(Action<string> prepare, MosquittoAccessControl accessControl = MosquittoAccessControl.DynamicSecurity)
    {
        var rig = new MosquittoRig(Path.Combine(Path.GetTempPath(), "commshub-mosq-" + Guid.NewGuid().ToString("N")));
        prepare(rig.DataDirectory);
        rig.Port = MosquittoProcess.FreePort();
        rig.TlsPort = MosquittoProcess.FreePort();
        rig.Files = MosquittoConfigWriter.Write(new MosquittoConfigRequest
        {
            DataDirectory = rig.DataDirectory,
            OutDirectory = Path.Combine(rig.DataDirectory, "mosquitto"),
            PlainPort = rig.Port,
            TlsPort = rig.TlsPort,
            AccessControl = accessControl,
        });
        rig._broker = await MosquittoProcess.StartAsync(rig.Files.ConfigFile, rig.Port);
        return rig;
    }

    /// <summary>Kills the broker (SIGKILL, as a crash); <see cref="StartBrokerAgainAsync"/> brings it back.</summary>
    public async Task KillBrokerAsync()
    {
        if (_broker is not null) await _broker.DisposeAsync();
        _broker = null;
    }

    /// <summary>Starts the broker again on the same ports with the same files, after <see cref="KillBrokerAsync"/>.</summary>
    public async Task StartBrokerAgainAsync() => _broker = await MosquittoProcess.StartAsync(Files.ConfigFile, Port);

    /// <summary>
    /// The command line of an adapter in External mode against this broker's plain listener (the adapter's own HTTP on a
    /// free port, its own SQLite file <paramref name="database"/>), then <paramref name="settings"/>.
    /// </summary>
    public string[] AdapterArguments(string clientId, string database, params string[] settings) => CloudFixture.LoopbackArguments(DataDirectory,
    [
        "--Logging:LogLevel:Default=Warning",
        "--CommsHub:Mqtt:Mode=External",
        "--CommsHub:Mqtt:External:Host=127.0.0.1",
        $"--CommsHub:Mqtt:External:Port={Port}",
        $"--CommsHub:Mqtt:External:ClientId={clientId}",
        $"--CommsHub:Storage:Sqlite:FileName={database}",
        .. settings,
    ]);

    /// <summary>Starts an adapter built from <paramref name="arguments"/>; stopped when the rig is disposed.</summary>
    public async Task<WebApplication> StartAdapterAsync(string[] arguments, Microsoft.Extensions.Logging.ILoggerProvider? logs = null)
    {
        var app = CloudApp.Create(arguments, logs is null ? null : s => s.AddSingleton(logs), console: TextWriter.Null);
        _adapters.Add(app);
        await app.StartAsync();
        return app;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var app in _adapters)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await app.StopAsync(stop.Token); } catch (OperationCanceledException) { }
            await app.DisposeAsync();
        }
        if (_broker is not null) await _broker.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
