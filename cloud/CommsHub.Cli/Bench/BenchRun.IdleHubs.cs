using System.Diagnostics;
using System.Net;
using CommsHub.Cli.Faults;

namespace CommsHub.Cli.Bench;

/// <summary>
/// <c>commshub bench --broker mosquitto --idle-hubs N</c>: the hub-count figure. Mosquitto and the adapter (External mode)
/// start as for the load; once the adapter is idle its memory is sampled, then N idle hubs (<see cref="IdleHubClient"/>,
/// all in this process) connect, subscribe to their down topic and publish their retained status, which the adapter
/// receives and tracks (hub presence). When the adapter is idle again its memory is sampled once more: the growth over
/// the baseline divided by N is the adapter's memory per hub. No load runs.
/// </summary>
internal sealed partial class BenchRun
{
    private const int ConnectingAtOnce = 64;

    private async Task<IdleHubsReport> ExecuteIdleAsync(CancellationToken ct)
    {
        int n = _o.IdleHubs;
        var limit = OpenFilesLimit.RaiseToHard();
        Progress($"{n} idle hub(s) on mosquitto; open-files limit {limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} (inherited by mosquitto); run folder {_run}");
        // Each idle hub holds a descriptor here and one in Mosquitto; a little room for the runtime's own files.
        if (limit is { } l && l < n + 256)
            throw new RigException($"the open-files limit is {l}, too low for {n} idle hubs in one process (ulimit -n {n + 256} or more, or fewer hubs)");
        _rig = BenchRig.Prepare(Path.Combine(_run, "adapter"), hubs: 1, users: 2, idleHubs: n);
        Progress($"minted and seeded; {n} idle hub broker accounts written");
        await StartBrokerAsync(ct).ConfigureAwait(false);
        await StartAdapterAsync(ct).ConfigureAwait(false);
        await WaitIdleAsync("adapter", _adapter!.Id, ct).ConfigureAwait(false);
        var adapterBefore = ProcessSample.Of(_adapter.Id);
        var brokerBefore = _mosquitto is null ? null : ProcessSample.Of(_mosquitto.Id);
        var benchBefore = ProcessSample.Of(Environment.ProcessId);
        Progress($"baseline: adapter RSS {Mib(adapterBefore.RssBytes)} MiB{(brokerBefore is null ? "" : $", mosquitto RSS {Mib(brokerBefore.RssBytes)} MiB")}");

        var clients = new IdleHubClient?[n];
        string? firstError = null;
        int failed = 0, done = 0;
        var broker = new IPEndPoint(IPAddress.Parse(_brokerHost == "localhost" ? "127.0.0.1" : _brokerHost), _brokerPort);
        var started = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = ConnectingAtOnce, CancellationToken = ct },
            async (i, token) =>
            {
                try
                {
                    clients[i] = await IdleHubClient.ConnectAsync(broker, _rig.IdleHubs[i], _rig.HubSecret, token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
                if (Interlocked.Increment(ref done) % 2000 == 0) Progress($"{done} of {n} idle hubs done ({Volatile.Read(ref failed)} failed)");
            }).ConfigureAwait(false);
        double connectSeconds = started.Elapsed.TotalSeconds;
        Progress($"{n - failed} of {n} idle hubs connected, subscribed and published their status in {connectSeconds:F1} s{(firstError is null ? "" : $"; first failure: {firstError}")}");
        await WaitIdleAsync("adapter", _adapter.Id, ct).ConfigureAwait(false);
        var adapterAfter = ProcessSample.Of(_adapter.Id);
        var brokerAfter = _mosquitto is null ? null : ProcessSample.Of(_mosquitto.Id);
        var benchAfter = ProcessSample.Of(Environment.ProcessId);
        int stillConnected = clients.Count(c => c is { Connected: true });
        Progress($"after: adapter RSS {Mib(adapterAfter.RssBytes)} MiB; {stillConnected} idle hubs still connected");
        foreach (var c in clients) c?.Dispose();
        return new IdleHubsReport(n, n - failed, stillConnected, connectSeconds, firstError,
            adapterBefore.RssBytes, adapterAfter.RssBytes, adapterAfter.PeakRssBytes,
            brokerBefore?.RssBytes, brokerAfter?.RssBytes, benchAfter.RssBytes - benchBefore.RssBytes, limit,
            _mosquitto is null ? $"external ({_brokerHost}:{_brokerPort})" : "mosquitto (Debian's, started by the bench)");
    }

    // Waits until the process has used under 20 ms of CPU in each of two seconds running (at most a minute): the messages
    // it was sent are handled (one quiet second alone could be a process starved of the cores on a loaded machine).
    private async Task WaitIdleAsync(string name, int pid, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var last = ProcessSample.Of(pid);
        int quiet = 0;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            var now = ProcessSample.Of(pid);
            quiet = now.CpuSeconds - last.CpuSeconds < 0.02 ? quiet + 1 : 0;
            if (quiet == 2) return;
            last = now;
        }
        Progress($"{name} still busy after 60 s; sampling anyway");
    }

    private static string Mib(long bytes) => BenchRig.Text(bytes / 1048576.0, "0.0");
}
