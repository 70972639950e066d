using System.Text.Json;
using System.Text.RegularExpressions;
using CommsHub.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CommsHub.Cli.Tests;

/// <summary>
/// <c>commshub bench</c> at CI size: the adapter and two hubs as processes, four users (two supplier / network operator
/// pairs, so the bench's extra minted users are exercised) for a few seconds. Every request gets exactly one verified
/// answer, the reports are written and the last line has its fixed shape. Run alone with <c>--filter "Category=Bench"</c>.
/// </summary>
[Trait("Category", "Bench")]
public sealed class BenchCommandTests(ITestOutputHelper output)
{
    private static readonly Regex Summary = new(
        @"^bench: requests/s (?<rps>[0-9.]+) p50 (?<p50>[0-9.]+) ms p99 (?<p99>[0-9.]+) ms raw-mqtt/s (?<raw>[0-9]+) ratio (?<ratio>[0-9.]+) hubs (?<hubs>\d+) broker (?<broker>[a-z]+)$");

    [FaultHarnessFact]
    public Task A_short_run_answers_every_request_once_and_writes_its_reports() => ShortRunAsync("embedded", ["adapter", "hubs", "bench"]);

    // The adapter in External mode, the hubs, the users and the raw MQTT measurement all through one Mosquitto that the
    // bench started with the mosquitto-config files.
    [FaultHarnessFact(mosquitto: true)]
    public Task A_short_run_through_mosquitto_answers_every_request_once() => ShortRunAsync("mosquitto", ["adapter", "hubs", "bench", "mosquitto"]);

    // Closed loop (--rate max) through Mosquitto, whose PUBACK says only that the broker has the request: each user waits
    // for the adapter's first answer before its next request, as the embedded broker's PUBACK-after-commit makes it. Without
    // that wait every user filled its window of 64 and the median latency was the window over the throughput (about
    // 0.5 s with these four users; 677-816 ms in the full-size bench).
    [FaultHarnessFact(mosquitto: true)]
    public Task A_closed_loop_through_mosquitto_keeps_latency_low() => ShortRunAsync("mosquitto", ["adapter", "hubs", "bench", "mosquitto"], closedLoop: true);

    private async Task ShortRunAsync(string broker, string[] processes, bool closedLoop = false)
    {
        var folder = Directory.CreateTempSubdirectory("commshub-bench-test-").FullName;
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var exit = await Task.Run(() => CliApp.Run(
                ["bench", "--broker", broker, "--hubs", "2", "--users", "4", "--seconds", "3", "--warm-up", "1", "--rate", closedLoop ? "max" : "40", "--out", folder],
                stdout, stderr));
            var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var line in lines) output.WriteLine(line);
            Assert.True(stderr.ToString().Length == 0, stderr.ToString());
            Assert.Equal(0, exit);

            var summary = Summary.Match(lines[^1]);
            Assert.True(summary.Success, $"last line is not the summary: {lines[^1]}");
            Assert.Equal("2", summary.Groups["hubs"].Value);
            Assert.Equal(broker, summary.Groups["broker"].Value);

            Assert.True(File.Exists(Path.Combine(folder, "bench.md")));
            Assert.True(File.Exists(Path.Combine(folder, "latency.png")) || File.Exists(Path.Combine(folder, "latency.svg")));
            using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "bench.json")));
            var root = json.RootElement;
            var total = root.GetProperty("total");
            int sent = total.GetProperty("Sent").GetInt32();
            if (closedLoop) Assert.True(double.Parse(summary.Groups["p50"].Value, System.Globalization.CultureInfo.InvariantCulture) < 250, lines[^1]);
            else Assert.Equal(120, sent); // 40/s for 3 s, every due request sent however late
            Assert.Equal(sent, total.GetProperty("Completed").GetInt32());
            Assert.True(root.GetProperty("everyRequestAnsweredOnce").GetBoolean());
            Assert.Equal(0, root.GetProperty("unanswered").GetInt32());
            Assert.Equal(0, root.GetProperty("answeredMoreThanOnce").GetInt32());
            Assert.Equal(0, root.GetProperty("unverifiable").GetInt32());
            Assert.Equal(0, root.GetProperty("unknownAnswers").GetInt32());
            Assert.Equal(processes, root.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("Name").GetString()));
            Assert.True(root.GetProperty("raw").GetProperty("RoundTripsPerSecond").GetDouble() > 0);
            Assert.StartsWith(broker, root.GetProperty("raw").GetProperty("Broker").GetString());
            Assert.True(root.GetProperty("anomalyThresholdPerUserAndSrvPerHour").GetInt32() > 0);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static readonly Regex IdleSummary = new(
        @"^bench: idle-hubs (?<hubs>\d+) connected (?<connected>\d+) adapter-rss-per-hub (?<adapter>-?[0-9.]+) KB broker-rss-per-hub (?<broker>-?[0-9.]+) KB broker mosquitto$");

    // The hub-count mode at CI size: every idle hub is accepted by the generated Mosquitto config (password, ACL for its
    // down topic and status), stays connected, and the report is written.
    [FaultHarnessFact(mosquitto: true)]
    public async Task Idle_hubs_connect_to_mosquitto_and_the_adapters_memory_per_hub_is_reported()
    {
        var folder = Directory.CreateTempSubdirectory("commshub-bench-idle-test-").FullName;
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var exit = await Task.Run(() => CliApp.Run(["bench", "--broker", "mosquitto", "--idle-hubs", "50", "--out", folder], stdout, stderr));
            var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var line in lines) output.WriteLine(line);
            Assert.True(stderr.ToString().Length == 0, stderr.ToString());
            Assert.Equal(0, exit);
            var summary = IdleSummary.Match(lines[^1]);
            Assert.True(summary.Success, $"last line is not the idle-hubs summary: {lines[^1]}");
            Assert.Equal("50", summary.Groups["hubs"].Value);
            Assert.Equal("50", summary.Groups["connected"].Value);
            Assert.True(File.Exists(Path.Combine(folder, "idle-hubs.md")));
            using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "idle-hubs.json")));
            Assert.True(json.RootElement.GetProperty("AllConnected").GetBoolean());
            Assert.True(json.RootElement.GetProperty("AdapterRssAfter").GetInt64() > 0);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Idle_hubs_on_the_embedded_broker_is_a_usage_error()
    {
        var stderr = new StringWriter();
        Assert.Equal(1, CliApp.Run(["bench", "--idle-hubs", "10"], new StringWriter(), stderr));
        Assert.Contains("--idle-hubs needs --broker mosquitto", stderr.ToString());
    }

    [Fact]
    public void More_users_than_two_per_meter_is_a_usage_error()
    {
        var stderr = new StringWriter();
        Assert.Equal(1, CliApp.Run(["bench", "--hubs", "2", "--users", "5"], new StringWriter(), stderr));
        Assert.Contains("--users must be at most twice --hubs", stderr.ToString());
    }
}
