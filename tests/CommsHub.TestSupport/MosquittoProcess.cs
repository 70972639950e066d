using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace CommsHub.TestSupport;

/// <summary>
/// A Mosquitto broker (Debian's <c>/usr/sbin/mosquitto</c>) run for a test: started with <c>-c CONFIG</c>, ready once its
/// port accepts a TCP connection, killed on dispose. Tests that need it use <see cref="MosquittoFactAttribute"/>, which
/// skips with a clear message when the binary is absent.
/// </summary>
public sealed class MosquittoProcess : IAsyncDisposable
{
    /// <summary>Where Debian's package installs the broker.</summary>
    public const string DefaultBinary = "/usr/sbin/mosquitto";

    /// <summary>Environment variable naming another broker binary than <see cref="DefaultBinary"/>.</summary>
    public const string EnvironmentVariable = "COMMSHUB_MOSQUITTO";

    /// <summary>The broker binary the tests run: <see cref="EnvironmentVariable"/> when set, else <see cref="DefaultBinary"/>.</summary>
    public static string Binary => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } binary ? binary : DefaultBinary;

    private readonly Process _process;
    private readonly List<string> _log = [];

    private MosquittoProcess(Process process) => _process = process;

    /// <summary>True when the broker binary is installed.</summary>
    public static bool Available => File.Exists(Binary);

    /// <summary>Why Mosquitto tests are skipped.</summary>
    public static string SkipReason => $"Mosquitto is not installed ({Binary}; apt-get install mosquitto)";

    /// <summary>
    /// Why a Mosquitto test is skipped here, or null when it runs: the broker is installed, or CI demands it (<c>.ci/run</c>
    /// installs it), where its absence must fail the tests rather than let them pass as skipped.
    /// </summary>
    public static string? Skip => Available || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) ? null : SkipReason;

    /// <summary>What the broker wrote to stderr so far (its log).</summary>
    public string Log
    {
        get { lock (_log) return string.Join('\n', _log); }
    }

    /// <summary>A free TCP port on loopback (another process could take it before the broker binds it: then the start fails loudly).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Starts the broker with <paramref name="config"/> and waits until <paramref name="port"/> on loopback accepts.</summary>
    public static async Task<MosquittoProcess> StartAsync(string config, int port, TimeSpan? wait = null)
    {
        if (!Available) throw new InvalidOperationException($"{SkipReason}, but CI is set: CI installs it (.ci/run)");
        var start = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(config);
        var broker = new MosquittoProcess(Process.Start(start) ?? throw new InvalidOperationException($"could not start {Binary}"));
        broker._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (broker._log) broker._log.Add(e.Data); };
        broker._process.BeginErrorReadLine();
        broker._process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (broker._process.HasExited)
                throw new InvalidOperationException($"mosquitto exited with {broker._process.ExitCode} at start: {broker.Log}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return broker;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Kills the broker (SIGKILL) and waits for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

/// <summary>A fact that needs Mosquitto and the shared reference data; skipped with the reason when either is absent.</summary>
public sealed class MosquittoFactAttribute : FactAttribute
{
    /// <summary>Skips when Mosquitto or the shared data is missing.</summary>
    public MosquittoFactAttribute()
    {
        if (MosquittoProcess.Skip is { } reason) Skip = reason;
        else if (!SharedData.Available) Skip = SharedData.SkipReason;
    }
}
