using System.Net;
using System.Net.Sockets;

namespace CommsHub.Cli.Faults;

/// <summary>
/// Starting the adapter as a child process, shared by <c>commshub faults</c> and <c>commshub bench</c>: one log line per
/// entry with a UTC time (so run.log lines up with the harness's own lines), and ready once <c>/health</c> answers.
/// </summary>
internal static class AdapterChild
{
    /// <summary>Console logging settings for the adapter's environment.</summary>
    public static IReadOnlyDictionary<string, string> LogEnvironment { get; } = new Dictionary<string, string>
    {
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
    };

    /// <summary>
    /// Starts the adapter and waits (up to <paramref name="timeout"/>) until <c>http://127.0.0.1:<paramref name="httpPort"/>/health</c>
    /// answers 2xx.
    /// </summary>
    /// <exception cref="RigException">it exited or did not answer in time (the message carries its last lines).</exception>
    public static async Task<ChildProcess> StartAsync(ChildBinaries bins, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment,
        string run, TextWriter log, int httpPort, Action<int> exitedByItself, TimeSpan timeout, CancellationToken ct)
    {
        var adapter = ChildProcess.Start("adapter", bins.Adapter, args, environment, run, log, exitedByItself);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !adapter.Exited.IsCompleted)
        {
            try
            {
                using var health = await http.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/health"), ct).ConfigureAwait(false);
                if (health.IsSuccessStatusCode) return adapter;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            await Task.Delay(200, ct).ConfigureAwait(false);
        }
        throw new RigException($"the adapter did not start{(adapter.Exited.IsCompleted ? " (it exited)" : $" within {timeout.TotalSeconds} s")}: {adapter.Tail}");
    }

    /// <summary>Ports the kernel hands out now, held together so they differ; the children bind them a moment later.</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var l in listeners) l.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var l in listeners) l.Stop();
        }
    }
}
