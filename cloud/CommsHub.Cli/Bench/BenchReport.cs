using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CommsHub.Cli.Bench;

/// <summary>Throughput and latency of one request class.</summary>
/// <param name="Class">e.g. "4.1.1".</param>
/// <param name="Sent">Requests sent in the load.</param>
/// <param name="Completed">Requests with an I0 outcome.</param>
/// <param name="PerSecond">Completed per second of load.</param>
/// <param name="P50Ms">Median latency from due to outcome, ms.</param>
/// <param name="P95Ms">95th percentile, ms.</param>
/// <param name="P99Ms">99th percentile, ms.</param>
/// <param name="MaxMs">Slowest, ms.</param>
internal sealed record ClassResult(string Class, int Sent, int Completed, double PerSecond, double P50Ms, double P95Ms, double P99Ms, double MaxMs);

/// <summary>
/// What a bench run found, and its reports: <c>bench.json</c> (everything), <c>bench.md</c> (for people and
/// BENCHMARKS.md) and <c>latency.png</c> (latency over the run, one series per class; <c>latency.svg</c> if PNG
/// rendering is not possible here). The last line of the output is <see cref="SummaryLine"/>.
/// </summary>
internal sealed class BenchReport
{
    private BenchReport()
    {
    }

    /// <summary>When the run ended (UTC).</summary>
    public DateTime FinishedUtc { get; init; }

    /// <summary>The options the run had.</summary>
    public required BenchOptions Options { get; init; }

    /// <summary>Per class.</summary>
    public required IReadOnlyList<ClassResult> Classes { get; init; }

    /// <summary>All classes together.</summary>
    public required ClassResult Total { get; init; }

    /// <summary>Seconds of load.</summary>
    public double LoadSeconds { get; init; }

    /// <summary>CPU and memory per process over the load.</summary>
    public required IReadOnlyList<ProcessUsage> Processes { get; init; }

    /// <summary>The raw MQTT yardstick of the same run.</summary>
    public required RawMqttResult Raw { get; init; }

    /// <summary>Completed requests/s over raw MQTT round trips/s.</summary>
    public double Ratio => Raw.RoundTripsPerSecond > 0 ? Total.PerSecond / Raw.RoundTripsPerSecond : 0;

    /// <summary>Adapter CPU milliseconds per completed request.</summary>
    public double AdapterCpuMsPerRequest { get; init; }

    /// <summary>The adapter's CPU over the load by thread name (where its time goes).</summary>
    public required IReadOnlyList<ThreadGroup> AdapterThreads { get; init; }

    /// <summary>The anomaly threshold the adapter ran with (requests per user and SRV per hour).</summary>
    public int AnomalyThreshold { get; init; }

    /// <summary>Requests whose publish the adapter did not acknowledge, by reason.</summary>
    public required IReadOnlyDictionary<string, int> SendErrors { get; init; }

    /// <summary>Outcome codes received (first outcome per request), with counts.</summary>
    public required IReadOnlyDictionary<string, int> OutcomeCodes { get; init; }

    /// <summary>Acknowledged requests without a verified outcome (or refusal).</summary>
    public int Unanswered { get; init; }

    /// <summary>Requests with more than one distinct outcome (ResponseID), or more than one synchronous answer.</summary>
    public int AnsweredMoreThanOnce { get; init; }

    /// <summary>Outcome copies received again with a ResponseID already seen (the outbox's at-least-once resends).</summary>
    public int Redelivered { get; init; }

    /// <summary>Answers that failed the DSP signature check.</summary>
    public int Unverifiable { get; init; }

    /// <summary>Verified answers to requests the users did not send in the run.</summary>
    public int UnknownAnswers { get; init; }

    /// <summary>True when every request sent got exactly one verified outcome (I0 or a refusal) and nothing failed its signature.</summary>
    public bool EveryRequestAnsweredOnce => Unanswered == 0 && AnsweredMoreThanOnce == 0 && Unverifiable == 0 && Total.Sent > 0
        && SendErrors.Count == 0;

    /// <summary>Where the plot went (png or svg) and, when PNG was not possible, why.</summary>
    public string PlotNote { get; private set; } = "";

    /// <summary>Latency samples for the plot: seconds into the load, ms, class.</summary>
    private List<(double At, double Ms, string Class)> Samples { get; init; } = [];

    /// <summary>The last line: <c>bench: requests/s R p50 A ms p99 B ms raw-mqtt/s M ratio X hubs N broker NAME</c>.</summary>
    public string SummaryLine => string.Create(CultureInfo.InvariantCulture,
        $"bench: requests/s {Total.PerSecond:0.#} p50 {Total.P50Ms:0.#} ms p99 {Total.P99Ms:0.#} ms raw-mqtt/s {Raw.RoundTripsPerSecond:0} ratio {Ratio:0.###} hubs {Options.Hubs} broker {Options.Broker}");

    /// <summary>Builds the report from what the users saw.</summary>
    public static BenchReport Build(BenchOptions options, IReadOnlyList<BenchRequest> requests, double loadSeconds, IReadOnlyList<ProcessUsage> processes,
        RawMqttResult raw, int unverifiable, int unknown, int anomalyThreshold, IReadOnlyList<ThreadGroup> adapterThreads)
    {
        long first = requests.Count == 0 ? 0 : requests.Min(r => r.Due);
        ClassResult Of(string name, IEnumerable<BenchRequest> set)
        {
            var list = set.ToList();
            var done = list.Where(r => r.OutcomeCode == "I0").ToList();
            var ms = done.Select(r => (r.Answered - r.Due) * 1000.0 / Stopwatch.Frequency).Order().ToList();
            return new ClassResult(name, list.Count, done.Count, loadSeconds > 0 ? done.Count / loadSeconds : 0,
                RawMqttProbe.Percentile(ms, 0.50), RawMqttProbe.Percentile(ms, 0.95), RawMqttProbe.Percentile(ms, 0.99), ms.Count == 0 ? 0 : ms[^1]);
        }
        var classes = requests.GroupBy(r => r.Class).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Of(g.Key, g)).ToList();
        var total = Of("all", requests);
        var adapter = processes.FirstOrDefault(p => p.Name == "adapter");
        return new BenchReport
        {
            FinishedUtc = DateTime.UtcNow,
            Options = options,
            Classes = classes,
            Total = total,
            LoadSeconds = loadSeconds,
            Processes = processes,
            Raw = raw,
            AdapterCpuMsPerRequest = adapter is null || total.Completed == 0 ? 0 : adapter.CpuSeconds * 1000 / total.Completed,
            AnomalyThreshold = anomalyThreshold,
            AdapterThreads = adapterThreads,
            SendErrors = requests.Where(r => r.SendError is not null).GroupBy(r => r.SendError!).ToDictionary(g => g.Key, g => g.Count()),
            OutcomeCodes = requests.Select(r => r.OutcomeCode ?? (r.SyncCode is { } s && s != "I99" ? "sync " + s : null)).Where(c => c is not null)
                .GroupBy(c => c!).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            Unanswered = requests.Count(r => r.SendError is null && r.Answered == 0),
            AnsweredMoreThanOnce = requests.Count(r => r.ResponseIds.Count > 1 || r.SyncAnswers > 1),
            Redelivered = requests.Sum(r => r.Outcomes - r.ResponseIds.Count),
            Unverifiable = unverifiable,
            UnknownAnswers = unknown,
            Samples = requests.Where(r => r.Answered != 0).Select(r => ((r.Due - first) / (double)Stopwatch.Frequency,
                (r.Answered - r.Due) * 1000.0 / Stopwatch.Frequency, r.Class)).ToList(),
        };
    }

    /// <summary>Writes bench.json, bench.md and the plot into <paramref name="folder"/>, and the Markdown table to <paramref name="stdout"/>.</summary>
    public void Write(string folder, TextWriter stdout)
    {
        Directory.CreateDirectory(folder);
        PlotNote = LatencyPlot.Write(folder, Samples, Total.P99Ms);
        File.WriteAllText(Path.Combine(folder, "bench.json"), JsonSerializer.Serialize(Json(), new JsonSerializerOptions { WriteIndented = true }));
        var markdown = Markdown();
        File.WriteAllText(Path.Combine(folder, "bench.md"), markdown);
        stdout.Write(markdown);
    }

    private string AdapterMode => Options.Broker == "mosquitto"
        ? "child process (CommsHub.Cloud.dll), External mode: an MQTT 5 client of Mosquitto (shared subscriptions), SQLite"
        : "child process (CommsHub.Cloud.dll), embedded MQTTnet broker, SQLite";

    private object Json() => new
    {
        finishedUtc = FinishedUtc,
        options = new
        {
            broker = Options.Broker, warmUpSeconds = Options.WarmUpSeconds, hubs = Options.Hubs, users = Options.Users, seconds = Options.Seconds, rate = Options.RateText,
            wanWindow = Options.WanWindow, adapterLogLevel = Options.AdapterLogLevel, responseTimeoutSeconds = Options.ResponseTimeoutSeconds, maxOutstandingPerUser = Options.MaxOutstandingPerUser,
        },
        adapterMode = AdapterMode,
        anomalyThresholdPerUserAndSrvPerHour = AnomalyThreshold,
        loadSeconds = LoadSeconds,
        classes = Classes,
        total = Total,
        processes = Processes,
        adapterCpuMsPerRequest = AdapterCpuMsPerRequest,
        adapterThreads = AdapterThreads,
        raw = Raw,
        ratio = Ratio,
        outcomeCodes = OutcomeCodes,
        sendErrors = SendErrors,
        unanswered = Unanswered,
        answeredMoreThanOnce = AnsweredMoreThanOnce,
        redelivered = Redelivered,
        unverifiable = Unverifiable,
        unknownAnswers = UnknownAnswers,
        everyRequestAnsweredOnce = EveryRequestAnsweredOnce,
        plot = PlotNote,
        summary = SummaryLine,
    };

    private string Markdown()
    {
        var b = new StringBuilder();
        void L(string line = "") => b.Append(line).Append('\n');
        string F(double v, string format = "0.#") => v.ToString(format, CultureInfo.InvariantCulture);
        L($"# commshub bench, {FinishedUtc:yyyy-MM-dd HH:mm} UTC");
        L();
        L($"{Options.Hubs} virtual hub(s) (one ESME each, WAN window {Options.WanWindow}), {Options.Users} user(s) sending signed DUIS requests over MQTT "
          + $"({(Options.Rate is null ? $"as fast as acknowledged, at most {Options.MaxOutstandingPerUser} without an outcome per user (--window)" : $"open loop at {Options.RateText}/s in all")}), "
          + $"{F(LoadSeconds)} s of load measured after {Options.WarmUpSeconds} s of the same load not counted, broker {Options.Broker}. The adapter ran as a {AdapterMode}; the hubs in one "
          + "`commshub-hub --count` process; users and measuring in the bench process. Latency runs from when a request was due to when its verified "
          + $"I0 arrived on the user's responses topic. The adapter logged at {Options.AdapterLogLevel}, the hubs at Warning.");
        L();
        L($"Anomaly threshold for the load: {AnomalyThreshold} requests per user and SRV per hour (twice what one user can send in the run).");
        L();
        L("| class | sent | completed | requests/s | p50 ms | p95 ms | p99 ms | max ms |");
        L("|---|---|---|---|---|---|---|---|");
        foreach (var c in Classes.Append(Total))
            L($"| {c.Class} | {c.Sent} | {c.Completed} | {F(c.PerSecond)} | {F(c.P50Ms)} | {F(c.P95Ms)} | {F(c.P99Ms)} | {F(c.MaxMs)} |");
        L();
        L("| process | pid | CPU s | cores | CPU ms per request | RSS MiB | peak RSS MiB | file read/write calls per request | context switches per request |");
        L("|---|---|---|---|---|---|---|---|---|");
        double PerRequest(double count) => Total.Completed > 0 ? count / Total.Completed : 0;
        foreach (var p in Processes)
            L($"| {p.Name} | {p.Pid} | {F(p.CpuSeconds, "0.##")} | {F(p.CpuCores, "0.##")} | {F(PerRequest(p.CpuSeconds * 1000), "0.###")} | "
              + $"{F(p.RssMiB)} | {F(p.PeakRssMiB)} | {F(PerRequest(p.IoCalls), "0.#")} | {F(PerRequest(p.ContextSwitches), "0.#")} |");
        L();
        L($"Adapter CPU per completed request: {F(AdapterCpuMsPerRequest, "0.###")} ms. By thread (name as the kernel keeps it; "
          + "share of the adapter's CPU in the load):");
        L();
        double adapterCpu = Processes.FirstOrDefault(p => p.Name == "adapter")?.CpuSeconds ?? 0;
        L("| adapter threads | count | CPU s | share | ms per request |");
        L("|---|---|---|---|---|");
        foreach (var t in AdapterThreads.Take(10))
            L($"| {t.Name} | {t.Threads} | {F(t.CpuSeconds, "0.##")} | {F(adapterCpu > 0 ? 100 * t.CpuSeconds / adapterCpu : 0, "0")} % | "
              + $"{F(Total.Completed > 0 ? t.CpuSeconds * 1000 / Total.Completed : 0, "0.###")} |");
        L();
        L($"Raw MQTT in the same run ({Raw.Broker}): {F(Raw.RoundTripsPerSecond, "0")} round trips/s (p50 {F(Raw.P50Ms, "0.##")} ms, p99 {F(Raw.P99Ms, "0.##")} ms), "
          + $"{Raw.Hubs} echoing hubs, {Raw.DownBytes} B down / {Raw.UpBytes} B up (the median request and answer), {Raw.Window} in flight, measured after the load "
          + $"with the adapter and hubs stopped. Ratio requests/raw: {F(Ratio, "0.###")}.");
        L();
        L($"Outcomes: {(OutcomeCodes.Count == 0 ? "none" : string.Join(", ", OutcomeCodes.Select(kv => $"{kv.Key} x{kv.Value}")))}; "
          + $"not acknowledged: {(SendErrors.Count == 0 ? "0" : string.Join(", ", SendErrors.Select(kv => $"{kv.Key} x{kv.Value}")))}; "
          + $"unanswered {Unanswered}; answered more than once {AnsweredMoreThanOnce}; the same answer again (outbox resend before the user's PUBACK was recorded) {Redelivered}; "
          + $"failed the signature check {Unverifiable}; "
          + $"answers to unknown requests {UnknownAnswers}.");
        L();
        L($"Plot: {PlotNote}");
        return b.ToString();
    }
}
