using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using CommsHub.Cli.Commands;
using CommsHub.Cli.Faults;
using CommsHub.Cloud.Demo;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Cli.Bench;

/// <summary>
/// One run of <c>commshub bench</c>. The adapter runs as a child process on embedded defaults (its own CPU and memory
/// are then its own, and the users reach it only over MQTT, as real ones would); the hubs run in one
/// <c>commshub-hub --count N</c> child process, each with its ESME; the users and the measuring run in this process.
/// After the load, with the adapter and hubs stopped, the broker's raw MQTT round trips are measured with the same
/// payload sizes and hub count (<see cref="RawMqttProbe"/>).
/// </summary>
internal sealed partial class BenchRun : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly BenchOptions _o;
    private readonly TextWriter _stdout;
    private readonly ChildBinaries _bins;
    private readonly string _schemas;
    private readonly string _run;
    private readonly TextWriter _log;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly int _httpPort;
    private readonly int _mqttPort;
    private readonly List<BenchUser> _users = [];
    private readonly List<DuisSigner> _signers = [];
    private BenchRig? _rig;

    /// <summary>The adapter's CPU over the load by thread name.</summary>
    private IReadOnlyList<ThreadGroup> AdapterThreads { get; set; } = [];
    private ChildProcess? _adapter;
    private ChildProcess? _hubs;
    private MosquittoChild? _mosquitto;
    private string _brokerHost = "127.0.0.1";
    private int _brokerPort;

    private BenchRun(BenchOptions options, TextWriter stdout, ChildBinaries bins, string schemas, string run)
    {
        _o = options;
        _stdout = stdout;
        _bins = bins;
        _schemas = schemas;
        _run = run;
        _log = TextWriter.Synchronized(new StreamWriter(Path.Combine(run, "run.log")) { AutoFlush = true });
        var ports = AdapterChild.FreePorts(2);
        (_httpPort, _mqttPort) = (ports[0], ports[1]);
        _brokerPort = _mqttPort;
    }

    /// <summary>Anomaly threshold given to the adapter: requests per user and SRV within its window (one hour).</summary>
    public static int AnomalyThreshold(BenchOptions o)
    {
        // Twice what one user can send in the run at the offered rate (or at 4,000/s for "max"), so the run's own load
        // never trips it while a runaway user still would.
        double perUser = (o.Rate ?? 4000) / o.Users * (o.Seconds + 60);
        return (int)Math.Max(1000, Math.Ceiling(perUser * 2));
    }

    /// <summary>Runs the bench; returns the exit code (0 done, 2 some request got no single verified answer, 1 the rig could not run).</summary>
    public static async Task<int> RunAsync(BenchOptions options, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (options.Broker == "mosquitto" && options.BrokerUrl is null && MosquittoChild.Missing is { } missing)
        {
            stderr.WriteLine($"commshub: bench: --broker mosquitto: {missing}, or name a running broker with --broker-url");
            return 1;
        }
        ChildBinaries bins;
        string schemas;
        try
        {
            bins = ChildBinaries.Locate();
            schemas = DuisSchemaLocator.ResolveDefault();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            stderr.WriteLine($"commshub: bench: {e.Message}");
            return 1;
        }
        Directory.CreateDirectory(options.Out);
        var run = Directory.CreateDirectory(Path.Combine(options.Out, $"run-{DateTime.UtcNow:yyyyMMddHHmmss}-{Environment.ProcessId}")).FullName;
        BenchReport report;
        await using (var bench = new BenchRun(options, stdout, bins, schemas, run))
        {
            try
            {
                if (options.IdleHubs > 0)
                {
                    var idle = await bench.ExecuteIdleAsync(ct).ConfigureAwait(false);
                    await bench.StopAllAsync().ConfigureAwait(false);
                    idle.Write(options.Out, stdout);
                    if (!options.Keep && idle.AllConnected) Directory.Delete(run, recursive: true);
                    else stdout.WriteLine($"bench: run folder kept: {run} (run.log: every child's output)");
                    stdout.WriteLine(idle.SummaryLine);
                    return idle.AllConnected ? 0 : 2;
                }
                report = await bench.ExecuteAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RigException or InvalidOperationException or IOException or UnauthorizedAccessException
                                          or MQTTnet.Exceptions.MqttCommunicationException or HttpRequestException)
            {
                bench.Progress($"stopped: {e.Message}");
                await bench.StopAllAsync().ConfigureAwait(false);
                stdout.WriteLine($"bench: logs kept in {run}");
                stderr.WriteLine($"commshub: bench: {e.Message}");
                return 1;
            }
        }
        report.Write(options.Out, stdout);
        if (!options.Keep && report.EveryRequestAnsweredOnce) Directory.Delete(run, recursive: true);
        else stdout.WriteLine($"bench: run folder kept: {run} (run.log: every child's output)");
        stdout.WriteLine(report.SummaryLine);
        return report.EveryRequestAnsweredOnce ? 0 : 2;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAllAsync().ConfigureAwait(false);
        if (_mosquitto is not null) await _mosquitto.KillAsync().ConfigureAwait(false);
        foreach (var s in _signers) s.Dispose();
        _log.Dispose();
    }

    private async Task<BenchReport> ExecuteAsync(CancellationToken ct)
    {
        Progress($"{_o.Hubs} hub(s), {_o.Users} user(s), {_o.Seconds} s at {_o.RateText} requests/s, broker {_o.Broker}; run folder {_run}");
        _rig = BenchRig.Prepare(Path.Combine(_run, "adapter"), _o.Hubs, _o.Users);
        Progress($"minted and seeded {_rig.Hubs.Count} hub(s) with an ESME each and {_rig.Users.Count} user(s) ({_rig.Pairs} supplier/network operator pair(s))");
        await StartBrokerAsync(ct).ConfigureAwait(false);
        await StartAdapterAsync(ct).ConfigureAwait(false);
        await StartHubsAsync(ct).ConfigureAwait(false);
        await ConnectUsersAsync(ct).ConfigureAwait(false);
        await ProvisionAsync(ct).ConfigureAwait(false);
        var (window, usage) = await LoadAsync(ct).ConfigureAwait(false);
        var requests = _users.SelectMany(u => u.Requests).ToList();
        int unverifiable = _users.Sum(u => u.Unverifiable), unknown = _users.Sum(u => u.Unknown);
        Progress($"answer signatures checked: {_users.Sum(u => u.CheckedAnswers)}, of which {_users.Sum(u => u.TemplatedAnswers)} through a template learned "
            + "from a DOM-verified answer of the same shape, the rest by DOM (warm-up and provisioning included)");
        await StopAllAsync().ConfigureAwait(false);
        int down = Median(requests.Select(r => r.RequestBytes)), up = Median(requests.Where(r => r.ResponseBytes > 0).Select(r => r.ResponseBytes));
        bool buffered = EmbeddedBrokerBuffered();
        Progress($"raw MQTT: {_o.Hubs} echoing hub(s), {down} B down / {up} B up, 32 in flight, {_o.RawSeconds} s"
            + (External ? "" : $", server on {(buffered ? "the buffered" : "MQTTnet's")} transport as the adapter's"));
        var raw = await RawMqttProbe.RunAsync(_o.Hubs, 32, down, up, TimeSpan.FromSeconds(_o.RawSeconds), ct, RawBrokerOrNull(), buffered).ConfigureAwait(false);
        Progress($"raw MQTT: {BenchRig.Text(raw.RoundTripsPerSecond, "0")} round trips/s, p50 {BenchRig.Text(raw.P50Ms)} ms, p99 {BenchRig.Text(raw.P99Ms)} ms");
        return BenchReport.Build(_o, requests, window, usage, raw, unverifiable, unknown, AnomalyThreshold(_o), AdapterThreads);
    }

    private bool External => _o.Broker == "mosquitto";

    // The adapter child inherits the bench's environment, so CommsHub__Mqtt__BufferedTransport there picks its broker's
    // transport; the yardstick follows the same setting (the option's default when it is unset or not a boolean).
    private static bool EmbeddedBrokerBuffered() =>
        bool.TryParse(Environment.GetEnvironmentVariable("CommsHub__Mqtt__BufferedTransport"), out var buffered)
            ? buffered
            : new CommsHub.Cloud.Configuration.MqttSettings().BufferedTransport;

    // --broker mosquitto: Debian's Mosquitto on the port the embedded broker would have had, configured for the bench's
    // accounts by the mosquitto-config code, unless --broker-url names one already running (which must then accept the
    // bench's fresh accounts).
    private async Task StartBrokerAsync(CancellationToken ct)
    {
        if (!External) return;
        if (_o.BrokerUrl is { } url)
        {
            var uri = new Uri(url.Contains("://", StringComparison.Ordinal) ? url : "mqtt://" + url);
            (_brokerHost, _brokerPort) = (uri.Host, uri.Port > 0 ? uri.Port : 1883);
            Progress($"broker: {_brokerHost}:{_brokerPort} (--broker-url, not started by the bench)");
            return;
        }
        var started = DateTime.UtcNow;
        _mosquitto = await MosquittoChild.StartAsync(_rig!.AdapterData, Path.Combine(_run, "mosquitto"), _mqttPort, _run, _log, ct).ConfigureAwait(false);
        Progress($"mosquitto started (pid {_mosquitto.Id}) in {(DateTime.UtcNow - started).TotalSeconds:F1} s on 127.0.0.1:{_mqttPort}, config {Path.Combine(_run, "mosquitto")}");
    }

    private RawBroker? RawBrokerOrNull() => External
        ? new RawBroker(_brokerHost, _brokerPort, [.. _rig!.Hubs.Select(Eui64.ToText)], _rig.HubSecret, CommsHub.Cloud.Mqtt.MqttCredentials.AdapterUser,
            _rig.AdapterSecret, _mosquitto is null ? $"external ({_brokerHost}:{_brokerPort})" : "mosquitto (Debian's, the same process as the load)")
        : null;

    private async Task StartAdapterAsync(CancellationToken ct)
    {
        List<string> args =
        [
            "--data-dir", _rig!.AdapterData, "--http-url", $"http://127.0.0.1:{_httpPort}", "--mqtt-port", _mqttPort.ToString(CultureInfo.InvariantCulture),
            "--duis-schemas", _schemas, "--response-timeout", _o.ResponseTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            $"--CommsHub:Anomaly:DefaultMaxRequests={AnomalyThreshold(_o)}",
        ];
        if (External)
        {
            args.AddRange(["--CommsHub:Mqtt:Mode=External", $"--CommsHub:Mqtt:External:Host={_brokerHost}",
                $"--CommsHub:Mqtt:External:Port={_brokerPort.ToString(CultureInfo.InvariantCulture)}",
                $"--CommsHub:Mqtt:External:ClientId=commshub-bench-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}"]);
        }
        var started = DateTime.UtcNow;
        var environment = new Dictionary<string, string>(AdapterChild.LogEnvironment);
        environment["Logging__LogLevel__Default"] = _o.AdapterLogLevel;
        _adapter = await AdapterChild.StartAsync(_bins, args, environment, _run, _log, _httpPort,
            code => Progress($"the adapter exited by itself (exit {code}): see run.log"), StartTimeout, ct).ConfigureAwait(false);
        Progress($"adapter started (pid {_adapter.Id}) in {(DateTime.UtcNow - started).TotalSeconds:F1} s: http 127.0.0.1:{_httpPort}, mqtt {(External ? "client of " : "")}{_brokerHost}:{_brokerPort}");
    }

    private async Task StartHubsAsync(CancellationToken ct)
    {
        var rig = _rig!;
        string[] args =
        [
            "--broker", $"{_brokerHost}:{_brokerPort}", "--eui", Eui64.ToText(rig.Hubs[0]), "--count", rig.Hubs.Count.ToString(CultureInfo.InvariantCulture),
            "--eui-step", "100", "--keys", rig.Smki.KeysFolder, "--data", Path.Combine(_run, "hubs"),
            "--acb", Eui64.ToText(DemoIdentities.Dcc), "--supplier", Eui64.ToText(DemoIdentities.Supplier),
            "--network-operator", Eui64.ToText(DemoIdentities.NetworkOperator),
            "--meters", $"esme:{Eui64.ToText(BenchRig.EsmeOf(rig.Hubs[0]))}:{Hex.Encode(DemoHubs.InstallCode)}",
            "--wan-window", _o.WanWindow.ToString(CultureInfo.InvariantCulture),
        ];
        var environment = new Dictionary<string, string>
        {
            [CommsHub.Firmware.Host.Cli.HostCli.PasswordVariable] = rig.HubSecret,
            // Per-frame lines at Information would cost the hubs more than the frames: warnings and errors only.
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var started = DateTime.UtcNow;
        _hubs = ChildProcess.Start("hubs", _bins.Hub, args, environment, _run, _log, code => Progress($"the hubs exited by itself (exit {code}): see run.log"));
        // Per-hub online lines are logged at Information, which the hubs do not print here: the process's own start line
        // says they are running, and the probes of the provisioning prove each hub answers.
        // The start grows with the hub count (a minute for 2,000 on a busy machine): wait while the hubs report progress.
        if (!await _hubs.WaitForLineWhileProgressingAsync(l => l.Contains("hub(s) running against", StringComparison.Ordinal),
                l => l.Contains("commshub-hub: started ", StringComparison.Ordinal), l => Progress(l[(l.IndexOf("commshub-hub: ", StringComparison.Ordinal) + 14)..]),
                StartTimeout, ct).ConfigureAwait(false))
        {
            var why = _hubs.Exited.IsCompleted ? "it exited" : $"it wrote nothing for {StartTimeout.TotalSeconds:F0} s";
            throw new RigException($"the hubs did not start ({why}): {(_hubs.Tail is { Length: > 0 } tail ? tail : "no output; see run.log")}");
        }
        Progress($"{rig.Hubs.Count} hub(s) started (pid {_hubs.Id}) in {(DateTime.UtcNow - started).TotalSeconds:F1} s, window {_o.WanWindow}");
    }

    private async Task ConnectUsersAsync(CancellationToken ct)
    {
        var rig = _rig!;
        var dsp = ReadMeterCommand.DspDirectory(rig.Smki);
        foreach (var user in rig.Users)
        {
            var stem = rig.Smki.XmlSignStem(user, dsp: false);
            var signer = DuisSigner.Load(stem + ".key", stem + ".pem");
            _signers.Add(signer);
            var benchUser = await BenchUser.ConnectAsync(user, signer, dsp, _brokerHost, _brokerPort, rig.UserSecrets[user],
                _o.Rate is null ? _o.MaxOutstandingPerUser : int.MaxValue / 2, waitForAnswer: External, ct).ConfigureAwait(false);
            _users.Add(benchUser);
        }
        for (int i = 0; i < rig.Hubs.Count; i++)
            foreach (var reader in rig.ReadersOf(i))
                _users.First(u => u.Eui == reader).Meters.Add(BenchRig.EsmeOf(rig.Hubs[i]));
        Progress($"{_users.Count} user(s) connected over MQTT: {BenchRig.Names(rig.Users)}");
    }

    // As an installer would: each ESME's supplier sends the 8.11 that puts it on its hub's device log, the meter joins
    // with its install code; then the supplier reads it until it answers I0, so the load starts on a working rig.
    private async Task ProvisionAsync(CancellationToken ct)
    {
        var rig = _rig!;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        var started = DateTime.UtcNow;
        await Task.WhenAll(rig.Hubs.Select(async (hub, i) =>
        {
            var supplier = _users.First(u => u.Eui == rig.ReadersOf(i).First());
            var signer = _signers[_users.IndexOf(supplier)];
            var esme = BenchRig.EsmeOf(hub);
            var deadline = DateTime.UtcNow + StartTimeout;
            // Until the 8.11's outcome is I0, not only its I99: a hub that had not yet subscribed to its down topic when
            // the command went out never gets it (its session is new), the 8.11 times out (E21), and every read of the
            // meter would then answer E20 (unknown device) until the deadline.
            string? last = null, outcome = null;
            while (outcome != "I0")
            {
                if (DateTime.UtcNow > deadline)
                    throw new RigException($"8.11 add of ESME {Eui64.ToText(esme)} to hub {Eui64.ToText(hub)} did not complete: {(last == "I99" ? outcome ?? "no outcome" : last)}");
                // The supplier's counters reach the adapter in order (one 8.11 or probe at a time per user), however
                // many hubs are provisioned at once.
                outcome = await supplier.ExpectOutcomeAsync(counter =>
                {
                    var id = new RequestId(supplier.Eui, hub, counter);
                    // Its answers are not the run's (a late one, after a retry, would otherwise count as unknown).
                    supplier.Ignore(id.ToString());
                    return id;
                }, async id =>
                {
                    var request = DemoRequests.AddToDeviceLog(signer, supplier.Eui, hub, esme, DemoHubs.InstallCode,
                        CommsHub.Cloud.Seeding.SeedPlan.MintedMpan(i), 300, id.Counter);
                    last = await PostAsync(http, request, ct).ConfigureAwait(false);
                    return last == "I99" ? null : last;
                }, TimeSpan.FromSeconds(_o.ResponseTimeoutSeconds + 5), ct).ConfigureAwait(false);
                if (last != "I99") outcome = null; // refused at the intake: no outcome to wait for
                if (outcome != "I0") await Task.Delay(500, ct).ConfigureAwait(false);
            }
            // At least one probe, however late the 8.11's I0 came (a retried 8.11 can finish past the deadline).
            string? code = null;
            var probed = false;
            while (code != "I0")
            {
                if (probed && DateTime.UtcNow > deadline) throw new RigException($"ESME {Eui64.ToText(esme)} on hub {Eui64.ToText(hub)} never answered a read (last: {code ?? "nothing"})");
                code = await supplier.ProbeAsync(esme, TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
                probed = true;
                if (code != "I0") await Task.Delay(500, ct).ConfigureAwait(false);
            }
        })).ConfigureAwait(false);
        Progress($"every ESME joined and answers its supplier (I0) after {(DateTime.UtcNow - started).TotalSeconds:F1} s: the rig is ready");
    }

    private static async Task<string> PostAsync(HttpClient http, byte[] xml, CancellationToken ct)
    {
        using var content = new ByteArrayContent(xml);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        try
        {
            using var response = await http.PostAsync("/api/v1/serviceS", content, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return $"HTTP {(int)response.StatusCode}";
            var at = body.IndexOf("ResponseCode>", StringComparison.Ordinal);
            return at < 0 ? "no response code" : body[(at + 13)..body.IndexOf('<', at + 13)];
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
    }

    private async Task<(double Seconds, List<ProcessUsage> Usage)> LoadAsync(CancellationToken ct)
    {
        Progress(_o.Rate is null
            ? $"load: every user as fast as the adapter acknowledges, at most {_o.MaxOutstandingPerUser} without an outcome each"
            : $"load: open loop, {BenchRig.Text(_o.Rate.Value / _users.Count)} requests/s per user");
        // The same load first, unmeasured: until the JIT has compiled the hot paths at their final tier, a good part of
        // the adapter's CPU goes to compiling (a short run measured from a cold start showed a fifth of it), which is not
        // what a request costs a running service.
        if (_o.WarmUpSeconds > 0)
        {
            await RunPhaseAsync(_o.WarmUpSeconds, measured: false, ct).ConfigureAwait(false);
            Progress($"warm-up of {_o.WarmUpSeconds} s done (not counted)");
        }
        var pids = new List<(string Name, int Pid)> { ("adapter", _adapter!.Id), ("hubs", _hubs!.Id), ("bench", Environment.ProcessId) };
        if (_mosquitto is not null) pids.Add(("mosquitto", _mosquitto.Id));
        var before = pids.Select(p => ProcessSample.Of(p.Pid)).ToList();
        var adapterThreads = ThreadUsage.Sample(_adapter.Id);
        using var reporting = new CancellationTokenSource();
        var reporter = ReportProgressAsync(reporting.Token);
        long allocated = GC.GetTotalAllocatedBytes(precise: false);
        double seconds = await RunPhaseAsync(_o.Seconds, measured: true, ct).ConfigureAwait(false);
        var after = pids.Select(p => ProcessSample.Of(p.Pid)).ToList();
        allocated = GC.GetTotalAllocatedBytes(precise: false) - allocated;
        int completed = _users.Sum(u => u.Requests.Count(r => r.Answered != 0));
        if (completed > 0)
            Progress($"bench process (users and measuring): {(allocated / 1024.0 / completed).ToString("F1", CultureInfo.InvariantCulture)} KB allocated per request answered in the load");
        if (_o.Rate is null)
            Progress($"most requests without an outcome at once: {_users.Max(u => u.PeakInFlight)} of a window of {_o.MaxOutstandingPerUser} per user");
        AdapterThreads = ThreadUsage.Between(adapterThreads, ThreadUsage.Sample(_adapter.Id));
        var usage = pids.Select((p, i) => ProcessUsage.Between(p.Name, p.Pid, before[i], after[i], seconds)).ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(_o.ResponseTimeoutSeconds + 10);
        Progress($"load done after {seconds:F1} s; waiting up to {(deadline - DateTime.UtcNow).TotalSeconds:F0} s for the outstanding outcomes");
        while (DateTime.UtcNow < deadline && Waiting() > 0) await Task.Delay(100, ct).ConfigureAwait(false);
        // A moment more to see any second answer.
        await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
        await reporting.CancelAsync().ConfigureAwait(false);
        await reporter.ConfigureAwait(false);
        return (seconds, usage);
    }

    // Every user sends for `seconds`; returns how long that took (late requests go out after the end).
    private async Task<double> RunPhaseAsync(int seconds, bool measured, CancellationToken ct)
    {
        long start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 5;
        long end = start + seconds * Stopwatch.Frequency;
        double perUser = (_o.Rate ?? 0) / _users.Count;
        var lanes = _users.Select((user, u) => Task.Run(async () =>
        {
            for (long n = 0; ; n++)
            {
                // Users start staggered across the first interval so their requests do not arrive in lockstep.
                long due = _o.Rate is null ? Stopwatch.GetTimestamp() : start + (long)((n + (double)u / _users.Count) / perUser * Stopwatch.Frequency);
                // Open loop: every request due before the end goes out, however late (its lateness counts as latency).
                if (due >= end) break;
                var wait = due - Stopwatch.GetTimestamp();
                if (wait > 0) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), ct).ConfigureAwait(false);
                await user.SendReadAsync(user.Meters[(int)(n % user.Meters.Count)], due, _o.Rate is null, measured, ct).ConfigureAwait(false);
            }
        }, ct)).ToList();
        await Task.WhenAll(lanes).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private int Waiting() => _users.Sum(u => u.Requests.Count(r => r.SendError is null && r.Answered == 0));

    private async Task ReportProgressAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), stop).ConfigureAwait(false);
                var all = _users.SelectMany(u => u.Requests).ToList();
                Progress($"sent {all.Count} acknowledged {all.Count(r => r.Acknowledged != 0)} answered {all.Count(r => r.Answered != 0)}");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task StopAllAsync()
    {
        foreach (var u in _users) await u.DisposeAsync().ConfigureAwait(false);
        _users.Clear();
        if (_hubs is not null)
        {
            await _hubs.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            _hubs.Dispose();
            _hubs = null;
        }
        if (_adapter is not null)
        {
            await _adapter.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            _adapter.Dispose();
            _adapter = null;
        }
    }

    private void Progress(string line)
    {
        var text = $"bench: +{_clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)}s {line}";
        lock (_stdout) _stdout.WriteLine(text);
        lock (_log) _log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {text}");
    }

    private static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 200 : sorted[sorted.Count / 2];
    }
}
