using System.CommandLine;
using System.Globalization;
using CommsHub.Cli.Bench;

namespace CommsHub.Cli.Commands;

/// <summary>
/// <c>commshub bench [--broker embedded|mosquitto] [--broker-url URL] [--hubs N] [--users M] [--seconds S] [--rate R|max]
/// [--out DIR] [--window W] [--wan-window W] [--adapter-log-level LEVEL] [--warm-up S] [--idle-hubs N] [--keep]</c>: the end-to-end bench (<see cref="BenchRun"/>). Writes bench.md, bench.json
/// and latency.png into --out; its last line is
/// <c>bench: requests/s R p50 A ms p99 B ms raw-mqtt/s M ratio X hubs N broker NAME</c>. Exit 0 when every request got
/// exactly one verified answer, 2 when not, 1 when the rig could not run (one line on stderr).
/// </summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var broker = new Option<string>("--broker") { Description = "embedded (the adapter's own MQTTnet broker) or mosquitto", DefaultValueFactory = _ => "embedded" };
        broker.AcceptOnlyFromAmong("embedded", "mosquitto");
        var brokerUrl = new Option<string?>("--broker-url") { Description = "With --broker mosquitto: a broker already running (mqtt://host:port) instead of starting one" };
        var hubs = new Option<int>("--hubs") { Description = "Virtual hubs, one ESME each", DefaultValueFactory = _ => 8 };
        var users = new Option<int>("--users") { Description = "DCC users (suppliers and network operators in turn), each its own MQTT client sending its counters in order", DefaultValueFactory = _ => 8 };
        var seconds = new Option<int>("--seconds") { Description = "Seconds of load", DefaultValueFactory = _ => 30 };
        var rate = new Option<string>("--rate") { Description = "Requests per second of all users together (open loop), or max", DefaultValueFactory = _ => "200" };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Folder for bench.md, bench.json and latency.png", DefaultValueFactory = _ => new DirectoryInfo("bench-results") };
        var userWindow = new Option<int>("--window")
        {
            Description = "With --rate max: requests each user may have without an outcome (the closed loop's window; latency is about users x window over the throughput)",
            DefaultValueFactory = _ => BenchOptions.DefaultWindow,
        };
        var window = new Option<int>("--wan-window") { Description = "Up frames in flight per hub", DefaultValueFactory = _ => 16 };
        var logLevel = new Option<string>("--adapter-log-level")
        {
            Description = "The adapter's default log level; Warning (the default) leaves out its two lines per request, which the bench would otherwise read through a pipe and write to run.log",
            DefaultValueFactory = _ => BenchOptions.DefaultAdapterLogLevel,
        };
        logLevel.AcceptOnlyFromAmong("Trace", "Debug", "Information", "Warning", "Error");
        var warmUp = new Option<int>("--warm-up") { Description = "Seconds of the same load before the measured part, not counted", DefaultValueFactory = _ => 10 };
        var idleHubs = new Option<int>("--idle-hubs") { Description = "With --broker mosquitto: instead of the load, connect this many idle hubs (each publishing its retained status) and measure the adapter's memory per hub" };
        var keep = new Option<bool>("--keep") { Description = "Keep the run folder (adapter and hub data, run.log) under --out" };
        var command = new Command("bench", "End-to-end bench: adapter, virtual hubs with meters and users sending signed DUIS reads; throughput, latency, CPU, memory and the raw MQTT yardstick")
            { broker, brokerUrl, hubs, users, seconds, rate, outDir, userWindow, window, logLevel, warmUp, idleHubs, keep };
        command.SetAction(async (parse, ct) =>
        {
            int n = parse.GetValue(hubs), m = parse.GetValue(users), s = parse.GetValue(seconds), w = parse.GetValue(window);
            string rateText = parse.GetValue(rate)!;
            double? perSecond = rateText == "max" ? null
                : double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) ? r : double.NaN;
            var problem = n is < 1 or > 5000 ? "--hubs must be 1..5000"
                : m is < 1 or > 2000 ? "--users must be 1..2000"
                : m > 2 * n ? "--users must be at most twice --hubs (each meter has one supplier and one network operator to read it)"
                : s is < 1 or > 3600 ? "--seconds must be 1..3600"
                : perSecond is { } p && (double.IsNaN(p) || p <= 0 || p > 100_000) ? "--rate must be a number above 0 (at most 100000) or max"
                : parse.GetValue(userWindow) is < 1 or > BenchOptions.MaxWindow ? $"--window must be 1..{BenchOptions.MaxWindow}"
                : parse.GetResult(userWindow) is { Implicit: false } && perSecond is not null ? "--window needs --rate max (an open-loop user sends on time whatever is outstanding)"
                : w is < 1 or > 1024 ? "--wan-window must be 1..1024"
                : parse.GetValue(warmUp) is < 0 or > 600 ? "--warm-up must be 0..600"
                : parse.GetValue(brokerUrl) is not null && parse.GetValue(broker) != "mosquitto" ? "--broker-url needs --broker mosquitto"
                : parse.GetValue(idleHubs) is < 0 or > 60_000 ? "--idle-hubs must be 0..60000"
                : parse.GetValue(idleHubs) > 0 && parse.GetValue(broker) != "mosquitto" ? "--idle-hubs needs --broker mosquitto (the embedded broker is measured by the load)" : null;
            if (problem is not null)
            {
                stderr.WriteLine($"commshub: bench: {problem}");
                return 1;
            }
            var options = new BenchOptions
            {
                Broker = parse.GetValue(broker)!,
                BrokerUrl = parse.GetValue(brokerUrl),
                Hubs = n,
                Users = m,
                Seconds = s,
                Rate = perSecond,
                Out = parse.GetValue(outDir)!.FullName,
                WanWindow = w,
                MaxOutstandingPerUser = parse.GetValue(userWindow),
                Keep = parse.GetValue(keep),
                AdapterLogLevel = parse.GetValue(logLevel)!,
                WarmUpSeconds = parse.GetValue(warmUp),
                IdleHubs = parse.GetValue(idleHubs),
            };
            return await BenchRun.RunAsync(options, stdout, stderr, ct);
        });
        return command;
    }
}
