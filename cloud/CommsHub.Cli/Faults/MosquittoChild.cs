using System.Net;
using System.Net.Sockets;
using CommsHub.Cloud.Mqtt.Mosquitto;

namespace CommsHub.Cli.Faults;

/// <summary>
/// Debian's Mosquitto (<c>/usr/sbin/mosquitto</c>) run by the bench or the fault harness: configured by
/// <c>commshub broker mosquitto-config</c>'s own code (<see cref="MosquittoConfigWriter"/>) from the adapter's data
/// folder (its <c>mqtt/credentials.json</c>), one plain listener on a loopback port, persistence on; ready once the port
/// accepts a TCP connection. <see cref="RestartAsync"/> kills it (SIGKILL, a crash) and starts it again on the same port
/// with the same files, so persisted QoS 1 sessions come back.
/// </summary>
internal sealed class MosquittoChild
{
    /// <summary>Where Debian's package installs the broker.</summary>
    public const string Binary = "/usr/sbin/mosquitto";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly MosquittoConfigResult _files;
    private readonly string _workingDirectory;
    private readonly TextWriter _log;
    private ChildProcess? _process;

    private MosquittoChild(MosquittoConfigResult files, int port, string workingDirectory, TextWriter log)
    {
        _files = files;
        Port = port;
        _workingDirectory = workingDirectory;
        _log = log;
    }

    /// <summary>The plain listener's loopback port.</summary>
    public int Port { get; }

    /// <summary>The broker's process id (0 when not running).</summary>
    public int Id => _process?.Id ?? 0;

    /// <summary>Why a run that needs Mosquitto cannot start, or null when the binary is installed.</summary>
    public static string? Missing => File.Exists(Binary) ? null : $"Mosquitto is not installed ({Binary}; apt-get install mosquitto)";

    /// <summary>
    /// Writes the config for <paramref name="adapterData"/> into <paramref name="outDirectory"/> and starts the broker on
    /// <paramref name="port"/>; returns once it accepts.
    /// </summary>
    /// <exception cref="RigException">the broker is not installed, exited or never accepted.</exception>
    public static async Task<MosquittoChild> StartAsync(string adapterData, string outDirectory, int port, string workingDirectory, TextWriter log,
        CancellationToken ct)
    {
        if (Missing is { } missing) throw new RigException(missing);
        var files = MosquittoConfigWriter.Write(new MosquittoConfigRequest
        {
            DataDirectory = adapterData,
            OutDirectory = outDirectory,
            PlainPort = port,
            TlsPort = 0,
        });
        var broker = new MosquittoChild(files, port, workingDirectory, log);
        await broker.StartProcessAsync(ct).ConfigureAwait(false);
        return broker;
    }

    /// <summary>Kills the broker (SIGKILL) and starts it again with the same files on the same port.</summary>
    public async Task RestartAsync(CancellationToken ct)
    {
        await KillAsync().ConfigureAwait(false);
        await StartProcessAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Kills the broker (SIGKILL) and waits for it to exit.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        await _process.KillAsync().ConfigureAwait(false);
        _process.Dispose();
        _process = null;
    }

    private async Task StartProcessAsync(CancellationToken ct)
    {
        _process = ChildProcess.StartProgram("mosquitto", Binary, ["-c", _files.ConfigFile], new Dictionary<string, string>(), _workingDirectory, _log);
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (true)
        {
            if (_process.Exited.IsCompleted) throw new RigException($"mosquitto exited at start: {_process.Tail}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port, ct).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, ct).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new RigException($"mosquitto did not accept on 127.0.0.1:{Port} within {ReadyTimeout.TotalSeconds:F0} s ({e.Message}): {_process.Tail}");
            }
        }
    }
}
