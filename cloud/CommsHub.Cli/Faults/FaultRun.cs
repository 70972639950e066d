using System.Globalization;
using CommsHub.Cli.Commands;
using CommsHub.Cloud.Demo;
using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Security;
using CommsHub.Cloud.Seeding;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.Firmware.Host.Runtime;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Cli.Faults;

/// <summary>A part of the rig (adapter, hub, database, user) could not be started: the run cannot count anything.</summary>
internal sealed class RigException(string message) : Exception(message);

/// <summary>
/// One run of <c>commshub faults</c>: the adapter (a child process on embedded defaults, its data in a fresh run
/// folder), one <c>commshub-hub</c> process per demo hub with its ESME, provisioned as the demo does (the adapter's
/// minted SMKI and broker credentials, the supplier's 8.11 through the adapter), two users (supplier and network
/// operator) reading both meters at a steady rate, the fault injected mid-run, then the count (<see cref="FaultSummary"/>).
/// The scaled scenarios (<see cref="FaultOptions.Scaled"/>) run instead the harness's own Mosquitto and PostgreSQL and
/// two adapter instances in External mode, with the hubs and users on Mosquitto.
/// </summary>
internal sealed class FaultRun : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly FaultOptions _o;
    private readonly TextWriter _stdout;
    private readonly ChildBinaries _bins;
    private readonly string _schemas;
    private readonly string _run;
    private readonly TextWriter _log;
    private readonly RequestLedger _ledger = new();
    private readonly List<SimulatedUser> _users = [];
    private readonly List<DuisSigner> _signers = [];
    private readonly DateTime _began = DateTime.UtcNow;
    private readonly int _httpPort;
    private readonly int _mqttPort;

    // Scaled scenarios: the second adapter instance's HTTP port (the users post to the first, which is never killed).
    private readonly int _otherHttpPort;
    private readonly ChildProcess?[] _hubs;
    private ChildProcess? _adapter;
    private ChildProcess? _other;
    private MosquittoChild? _mosquitto;
    private PostgresServer? _postgres;
    private bool _postgresUp;

    private FaultRun(FaultOptions options, TextWriter stdout, ChildBinaries bins, string schemas, string run)
    {
        _o = options;
        _stdout = stdout;
        _bins = bins;
        _schemas = schemas;
        _run = run;
        _log = TextWriter.Synchronized(new StreamWriter(Path.Combine(run, "run.log")) { AutoFlush = true });
        var ports = AdapterChild.FreePorts(4);
        (_httpPort, _mqttPort, PostgresPort, _otherHttpPort) = (ports[0], ports[1], ports[2], ports[3]);
        _hubs = new ChildProcess?[Hubs.Count];
    }

    /// <summary>The demo's hubs, each with the ESME the users read (the GSME, a sleepy mailbox device, is left out).</summary>
    private static IReadOnlyList<(ulong Hub, SeedMeter Esme)> Hubs { get; } =
        SeedPlan.Minted.Hubs.Select(h => (h.Chf, h.Meters.First(m => m.Type == DeviceType.Esme))).ToList();

    private int PostgresPort { get; }

    private string AdapterData => Path.Combine(_run, "adapter");

    private string HubData => Path.Combine(_run, "hubs");

    private SmkiFolder Smki => new(Path.Combine(AdapterData, "smki"));

    /// <summary>Runs the scenario; returns the exit code (0 passed, 2 lost or duplicated, 1 the rig could not run).</summary>
    public static async Task<int> RunAsync(FaultOptions options, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ChildBinaries bins;
        string schemas;
        try
        {
            bins = ChildBinaries.Locate();
            schemas = DuisSchemaLocator.ResolveDefault();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            stderr.WriteLine($"commshub: faults: {e.Message}");
            return 1;
        }
        if (options.Scaled && MosquittoChild.Missing is { } missing)
        {
            stderr.WriteLine($"commshub: faults: {options.ScenarioName} needs Mosquitto: {missing}");
            return 1;
        }
        if ((options.Scenario == FaultScenario.DbOutage || options.Scaled) && PostgresServer.FindBinaries() is null)
        {
            stderr.WriteLine($"commshub: faults: {options.ScenarioName} needs PostgreSQL's server binaries (/usr/lib/postgresql/<version>/bin/initdb and pg_ctl; Debian: apt-get install postgresql)");
            return 1;
        }
        var run = options.WorkFolder is null
            ? Directory.CreateTempSubdirectory("commshub-faults-").FullName
            : Directory.CreateDirectory(Path.Combine(options.WorkFolder, $"commshub-faults-{DateTime.UtcNow:yyyyMMddHHmmss}-{Environment.ProcessId}")).FullName;
        FaultSummary? summary = null;
        await using (var rig = new FaultRun(options, stdout, bins, schemas, run))
        {
            try
            {
                summary = await rig.ExecuteAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RigException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                rig.Progress($"stopped: {e.Message}");
                await rig.StopAllAsync().ConfigureAwait(false);
                stdout.WriteLine($"faults: logs kept in {run}");
                stderr.WriteLine($"commshub: faults: {e.Message}");
                return 1;
            }
        }
        if (summary.Passed && !options.Keep) Directory.Delete(run, recursive: true);
        else stdout.WriteLine($"faults: run folder kept: {run} (run.log: every child's output)");
        stdout.WriteLine(summary.ToString());
        return summary.Passed ? 0 : 2;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAllAsync().ConfigureAwait(false);
        foreach (var s in _signers) s.Dispose();
        _log.Dispose();
    }

    private async Task<FaultSummary> ExecuteAsync(CancellationToken ct)
    {
        Progress($"{_o.ScenarioName}: {_o.Requests} reads at {_o.Rate.ToString(CultureInfo.InvariantCulture)}/s over {_o.Transport}; run folder {_run}");
        if (_o.Scenario == FaultScenario.DbOutage || _o.Scaled)
        {
            _postgres = await PostgresServer.CreateAsync(PostgresServer.FindBinaries()!, Path.Combine(_run, "postgres"), PostgresPort, _log, ct).ConfigureAwait(false);
            await _postgres.StartAsync(ct).ConfigureAwait(false);
            _postgresUp = true;
            Progress($"PostgreSQL started on 127.0.0.1:{PostgresPort}");
        }
        if (_o.Scaled) await StartMosquittoAsync(ct).ConfigureAwait(false);
        await StartAdapterAsync("started", ct).ConfigureAwait(false);
        if (_o.Scaled) await StartOtherInstanceAsync(ct).ConfigureAwait(false);
        await Task.WhenAll(Enumerable.Range(0, Hubs.Count).Select(i => StartHubAsync(i, "started", ct))).ConfigureAwait(false);
        await ConnectUsersAsync(ct).ConfigureAwait(false);
        await ProvisionAsync(ct).ConfigureAwait(false);
        await SendAsync(ct).ConfigureAwait(false);
        await StopAllAsync().ConfigureAwait(false);
        var executions = Hubs.SelectMany(h => ExecutionRecord.Read(Path.Combine(HubData, Eui64.ToText(h.Hub)))).ToList();
        List<RequestRecord> lost = [];
        List<(RequestRecord Request, string Why)> duplicated = [];
        var summary = FaultSummary.Count(_o.ScenarioName, _ledger, executions, lost, duplicated);
        Report(lost, duplicated);
        return summary;
    }

    // Scaled scenarios: the broker accounts are written first (the adapter, the demo hubs and users, fresh secrets), so
    // Mosquitto can be configured from them and run before the adapter, which in External mode connects as it starts.
    private async Task StartMosquittoAsync(CancellationToken ct)
    {
        OwnerOnlyFile.CreateDirectory(AdapterData);
        var entries = new List<MqttCredentials.Entry> { new(MqttCredentials.AdapterUser, MqttPrincipalKind.Adapter, BrokerAccounts.Fresh()) };
        entries.AddRange(SeedPlan.Minted.Hubs.Select(h => new MqttCredentials.Entry(Eui64.ToText(h.Chf), MqttPrincipalKind.Hub, BrokerAccounts.Fresh())));
        entries.AddRange(new[] { DemoIdentities.Supplier, DemoIdentities.NetworkOperator, DemoIdentities.OtherUser }
            .Select(u => new MqttCredentials.Entry(Eui64.ToText(u), MqttPrincipalKind.User, BrokerAccounts.Fresh())));
        BrokerAccounts.Write(Path.Combine(AdapterData, "mqtt", "credentials.json"), entries);
        _mosquitto = await MosquittoChild.StartAsync(AdapterData, Path.Combine(_run, "mosquitto"), _mqttPort, _run, _log, ct).ConfigureAwait(false);
        Progress($"Mosquitto started (pid {_mosquitto.Id}) on 127.0.0.1:{_mqttPort}, persistence on");
    }

    // The adapter's command line: embedded broker, or (scaled) instance `name` in External mode on the shared database.
    private List<string> AdapterArguments(int httpPort, string name)
    {
        List<string> args =
        [
            "--data-dir", AdapterData, "--http-url", $"http://127.0.0.1:{httpPort}",
            "--duis-schemas", _schemas, "--response-timeout", _o.ResponseTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        ];
        if (_postgres is not null) args.AddRange(["--postgres", _postgres.ConnectionString]);
        if (!_o.Scaled) args.AddRange(["--mqtt-port", _mqttPort.ToString(CultureInfo.InvariantCulture)]);
        else
            // One share group (the default), one persistent session per instance, anomaly counts shared through the database.
            args.AddRange(["--CommsHub:Mqtt:Mode=External", "--CommsHub:Mqtt:External:Host=127.0.0.1",
                $"--CommsHub:Mqtt:External:Port={_mqttPort.ToString(CultureInfo.InvariantCulture)}", $"--CommsHub:Mqtt:External:ClientId=commshub-{name}",
                "--CommsHub:Anomaly:Counting=Shared"]);
        return args;
    }

    private async Task StartOtherInstanceAsync(CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        _other = await AdapterChild.StartAsync(_bins, AdapterArguments(_otherHttpPort, "b"), AdapterChild.LogEnvironment, _run, _log, _otherHttpPort,
            code => Progress($"adapter instance b exited by itself (exit {code}): see run.log"), StartTimeout, ct).ConfigureAwait(false);
        Progress($"adapter instance b started (pid {_other.Id}) in {(DateTime.UtcNow - started).TotalSeconds:F1} s: http 127.0.0.1:{_otherHttpPort}, "
            + $"client of Mosquitto 127.0.0.1:{_mqttPort}, same share group and PostgreSQL");
    }

    private async Task StartAdapterAsync(string what, CancellationToken ct)
    {
        var args = AdapterArguments(_httpPort, "a");
        var started = DateTime.UtcNow;
        _adapter = await AdapterChild.StartAsync(_bins, args, AdapterChild.LogEnvironment, _run, _log, _httpPort,
            code => Progress($"the adapter exited by itself (exit {code}): see run.log"), StartTimeout, ct).ConfigureAwait(false);
        Progress($"adapter {what} (pid {_adapter.Id}) in {(DateTime.UtcNow - started).TotalSeconds:F1} s: http 127.0.0.1:{_httpPort}, mqtt 127.0.0.1:{_mqttPort}, "
            + (_postgres is null ? "SQLite" : "PostgreSQL") + (_o.Scaled ? " (instance a, External mode)" : ""));
    }

    private async Task StartHubAsync(int index, string what, CancellationToken ct)
    {
        var (hub, esme) = Hubs[index];
        var name = Eui64.ToText(hub);
        var secret = DuisClient.PasswordFrom(Path.Combine(AdapterData, "mqtt", "credentials.json"), hub)
            ?? throw new RigException($"no broker credentials for hub {name} in the adapter's mqtt/credentials.json");
        string[] args =
        [
            "--broker", $"127.0.0.1:{_mqttPort}", "--eui", name, "--keys", Smki.KeysFolder, "--data", HubData,
            "--acb", Eui64.ToText(DemoIdentities.Dcc), "--supplier", Eui64.ToText(DemoIdentities.Supplier),
            "--network-operator", Eui64.ToText(DemoIdentities.NetworkOperator),
            "--meters", $"esme:{Eui64.ToText(esme.Eui)}:{Hex.Encode(DemoHubs.InstallCode)}", "--record-executions",
        ];
        var started = DateTime.UtcNow;
        var process = ChildProcess.Start($"hub {name}", _bins.Hub, args,
            new Dictionary<string, string> { [CommsHub.Firmware.Host.Cli.HostCli.PasswordVariable] = secret }, _run, _log,
            code => Progress($"hub {name} exited by itself (exit {code}): see run.log"));
        _hubs[index] = process;
        if (!await process.WaitForLineAsync(l => l.Contains($"hub {name}: online", StringComparison.Ordinal), 0, StartTimeout, ct).ConfigureAwait(false))
            throw new RigException($"hub {name} did not come online{(process.Exited.IsCompleted ? " (it exited)" : "")}: {process.Tail}");
        Progress($"hub {name} {what} (pid {process.Id}) and online in {(DateTime.UtcNow - started).TotalSeconds:F1} s, ESME {Eui64.ToText(esme.Eui)}");
    }

    private async Task ConnectUsersAsync(CancellationToken ct)
    {
        var dsp = ReadMeterCommand.DspDirectory(Smki);
        ulong[] users = [DemoIdentities.Supplier, DemoIdentities.NetworkOperator];
        for (int i = 0; i < users.Length; i++)
        {
            var stem = Smki.XmlSignStem(users[i], dsp: false);
            var signer = DuisSigner.Load(stem + ".key", stem + ".pem");
            _signers.Add(signer);
            var password = DuisClient.PasswordFrom(Path.Combine(AdapterData, "mqtt", "credentials.json"), users[i])
                ?? throw new RigException($"no broker password for user {Eui64.ToText(users[i])} in the adapter's mqtt/credentials.json");
            bool overMqtt = _o.Transport switch { "mqtt" => true, "http" => false, _ => i == 1 };
            _users.Add(await SimulatedUser.ConnectAsync(users[i], overMqtt, signer, new Uri($"http://127.0.0.1:{_httpPort}"), "127.0.0.1", _mqttPort,
                password, dsp, _ledger, Progress, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false));
            Progress($"user {Eui64.ToText(users[i])} connected, sends over {(overMqtt ? "MQTT" : "HTTP")}, answers over MQTT");
        }
    }

    // As the demo does on first start: the supplier's 8.11 puts each ESME on its hub's device log, the meter joins with its
    // install code. Then every user reads every meter until it answers I0, so the run starts on a working rig.
    private async Task ProvisionAsync(CancellationToken ct)
    {
        var supplier = _users[0];
        foreach (var (hub, esme) in Hubs)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            string? last = null;
            while (last != "I99")
            {
                if (DateTime.UtcNow > deadline) throw new RigException($"8.11 add of ESME {Eui64.ToText(esme.Eui)} to hub {Eui64.ToText(hub)} was not accepted: {last}");
                var request = DemoRequests.AddToDeviceLog(_signers[0], DemoIdentities.Supplier, hub, esme.Eui, DemoHubs.InstallCode, esme.Mpxn, 120, DemoRequests.NextCounter());
                var (code, failure) = await supplier.PostAsync(request, ct).ConfigureAwait(false);
                last = code ?? failure;
                if (last != "I99") await Task.Delay(500, ct).ConfigureAwait(false);
            }
            Progress($"8.11 add ESME {Eui64.ToText(esme.Eui)} to hub {Eui64.ToText(hub)}: I99");
        }
        foreach (var user in _users)
            foreach (var (_, esme) in Hubs)
            {
                var deadline = DateTime.UtcNow + StartTimeout;
                string? code = null;
                while (code != "I0")
                {
                    if (DateTime.UtcNow > deadline) throw new RigException($"ESME {Eui64.ToText(esme.Eui)} never answered user {user.Name}'s read (last: {code ?? "nothing"})");
                    code = await user.ProbeAsync(esme.Eui, TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
                    if (code != "I0") await Task.Delay(500, ct).ConfigureAwait(false);
                }
            }
        Progress("every meter answers every user (I0): the rig is ready");
    }

    private async Task SendAsync(CancellationToken ct)
    {
        var start = DateTime.UtcNow + TimeSpan.FromMilliseconds(200);
        TimeSpan At(double index) => TimeSpan.FromSeconds(index / _o.Rate);
        var faultIndex = (int)Math.Round(_o.Requests * _o.FaultAt);
        Progress($"sending {_o.Requests} reads (2 users x {Hubs.Count} meters) at {_o.Rate.ToString(CultureInfo.InvariantCulture)}/s; the fault fires at read {faultIndex}");
        using var progress = new CancellationTokenSource();
        var reporter = ReportProgressAsync(progress.Token);
        var lanes = _users.Select((user, u) => Task.Run(async () =>
        {
            for (int i = u; i < _o.Requests; i += _users.Count)
            {
                await DelayUntil(start + At(i), ct).ConfigureAwait(false);
                var record = user.NewRead(Hubs[i / _users.Count % Hubs.Count].Esme.Eui);
                _ledger.Add(record);
                await user.SendAsync(record, ct).ConfigureAwait(false);
            }
        }, ct)).ToList();
        var fault = Task.Run(async () =>
        {
            await DelayUntil(start + At(faultIndex), ct).ConfigureAwait(false);
            await InjectAsync(ct).ConfigureAwait(false);
        }, ct);
        await Task.WhenAll(lanes.Append(fault)).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + _o.Deadline;
        Progress($"all {_o.Requests} reads sent; waiting up to {_o.Deadline.TotalSeconds:F0} s for the outstanding outcomes");
        while (true)
        {
            while (_ledger.Waiting() > 0 && DateTime.UtcNow < deadline) await Task.Delay(200, ct).ConfigureAwait(false);
            if (_ledger.Waiting() > 0)
            {
                Progress($"deadline passed: {_ledger.Waiting()} read(s) without an outcome");
                break;
            }
            Progress($"every acknowledged read has an outcome; listening {_o.Settle.TotalSeconds:F0} s more for repeats");
            await Task.Delay(_o.Settle, ct).ConfigureAwait(false);
            // A read acknowledged while listening (its synchronous answer came late) is waited for too.
            if (_ledger.Waiting() == 0) break;
            Progress($"{_ledger.Waiting()} read(s) acknowledged while listening: waiting for their outcomes too");
        }
        await progress.CancelAsync().ConfigureAwait(false);
        await reporter.ConfigureAwait(false);
    }

    private async Task InjectAsync(CancellationToken ct)
    {
        var (sent, _, _, _) = _ledger.Counts();
        switch (_o.Scenario)
        {
            case FaultScenario.AdapterKill:
                Progress($"FAULT adapter-kill: SIGKILL adapter pid {_adapter!.Id} after {sent} reads");
                await _adapter.KillAsync().ConfigureAwait(false);
                await StartAdapterAsync("restarted on the same data", ct).ConfigureAwait(false);
                break;
            case FaultScenario.HubReboot:
                var name = Eui64.ToText(Hubs[0].Hub);
                Progress($"FAULT hub-reboot: SIGKILL hub {name} pid {_hubs[0]!.Id} after {sent} reads");
                await _hubs[0]!.KillAsync().ConfigureAwait(false);
                _hubs[0]!.Dispose();
                await StartHubAsync(0, "restarted on its flash", ct).ConfigureAwait(false);
                break;
            case FaultScenario.InstanceKill:
                Progress($"FAULT instance-kill: SIGKILL adapter instance b pid {_other!.Id} after {sent} reads; instance a finishes the work");
                await _other.KillAsync().ConfigureAwait(false);
                _other.Dispose();
                _other = null;
                break;
            case FaultScenario.BrokerRestart:
                Progress($"FAULT broker-restart: SIGKILL Mosquitto pid {_mosquitto!.Id} after {sent} reads, then start it again on its persistence");
                await _mosquitto.RestartAsync(ct).ConfigureAwait(false);
                Progress($"Mosquitto started again (pid {_mosquitto.Id})");
                break;
            case FaultScenario.DbOutage:
                Progress($"FAULT db-outage: stopping PostgreSQL after {sent} reads, for {_o.Outage.TotalSeconds:F0} s");
                await _postgres!.StopAsync(ct).ConfigureAwait(false);
                _postgresUp = false;
                await Task.Delay(_o.Outage, ct).ConfigureAwait(false);
                await _postgres.StartAsync(ct).ConfigureAwait(false);
                _postgresUp = true;
                Progress("PostgreSQL started again");
                break;
        }
    }

    private async Task ReportProgressAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(3), stop).ConfigureAwait(false);
                var (sent, acknowledged, answered, notAccepted) = _ledger.Counts();
                Progress($"sent {sent} acknowledged {acknowledged} answered {answered} not accepted {notAccepted}");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Report(List<RequestRecord> lost, List<(RequestRecord Request, string Why)> duplicated)
    {
        var refusals = _ledger.Records.Where(r => r.SentAt != default && !r.Acknowledged)
            .GroupBy(r => r.SendError ?? (r.SyncCode is null ? $"{r.Transport}: sent, no synchronous answer" : $"synchronous {r.SyncCode}"))
            .Select(g => $"{g.Key} x{g.Count()}").ToList();
        if (refusals.Count > 0) Progress($"not acknowledged: {string.Join(", ", refusals)}");
        var codes = _ledger.Records.SelectMany(r => r.Outcomes).GroupBy(o => o.Code).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}");
        Progress($"outcomes received: {string.Join(", ", codes)}");
        if (_users.Sum(u => u.Unverifiable) is > 0 and var bad) Progress($"{bad} answer(s) failed the DSP signature check and were not counted");
        foreach (var r in lost.Take(50))
            Progress($"lost {r.Id} ({r.Transport}, sent {r.SentAt:HH:mm:ss.fff}, acknowledged, no outcome)");
        foreach (var (r, why) in duplicated.Take(50))
            Progress($"duplicated {r.Id} ({r.Transport}, sent {r.SentAt:HH:mm:ss.fff}): {why}");
    }

    private async Task StopAllAsync()
    {
        foreach (var u in _users) await u.DisposeAsync().ConfigureAwait(false);
        _users.Clear();
        for (int i = 0; i < _hubs.Length; i++)
        {
            if (_hubs[i] is not { } hub) continue;
            await hub.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            hub.Dispose();
            _hubs[i] = null;
        }
        foreach (var instance in new[] { _adapter, _other })
        {
            if (instance is null) continue;
            await instance.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            instance.Dispose();
        }
        (_adapter, _other) = (null, null);
        if (_mosquitto is not null)
        {
            await _mosquitto.KillAsync().ConfigureAwait(false);
            _mosquitto = null;
        }
        if (_postgres is not null && _postgresUp)
        {
            _postgresUp = false;
            try { await _postgres.StopAsync(CancellationToken.None).ConfigureAwait(false); }
            catch (InvalidOperationException e) { Progress($"PostgreSQL did not stop cleanly: {e.Message}"); }
        }
    }

    private void Progress(string line)
    {
        var text = $"faults: +{(DateTime.UtcNow - _began).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)}s {line}";
        lock (_stdout) _stdout.WriteLine(text);
        lock (_log) _log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {text}");
    }

    private static async Task DelayUntil(DateTime when, CancellationToken ct)
    {
        var wait = when - DateTime.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait, ct).ConfigureAwait(false);
    }
}
