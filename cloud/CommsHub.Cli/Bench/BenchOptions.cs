namespace CommsHub.Cli.Bench;

/// <summary>What one <c>commshub bench</c> run does (see <see cref="Commands.BenchCommand"/>).</summary>
internal sealed record BenchOptions
{
    /// <summary>The broker: <c>embedded</c> (the adapter's own MQTTnet server) or <c>mosquitto</c>.</summary>
    public string Broker { get; init; } = "embedded";

    /// <summary>An external broker already running (mosquitto only), or null to start one.</summary>
    public string? BrokerUrl { get; init; }

    /// <summary>Virtual hubs, one ESME each.</summary>
    public int Hubs { get; init; } = 8;

    /// <summary>DCC users sending reads (suppliers and network operators in turn), each its own MQTT client and counter.</summary>
    public int Users { get; init; } = 8;

    /// <summary>Seconds of load (setup and the raw MQTT measurement come on top).</summary>
    public int Seconds { get; init; } = 30;

    /// <summary>Seconds of the same load before the measured part, not counted (the adapter's JIT warms up).</summary>
    public int WarmUpSeconds { get; init; } = 10;

    /// <summary>Requests per second of all users together, open loop; null: as fast as the adapter takes them.</summary>
    public double? Rate { get; init; } = 200;

    /// <summary>Folder for the reports (bench.md, bench.json, latency.png) and, with <see cref="Keep"/>, the run's data.</summary>
    public required string Out { get; init; }

    /// <summary>Up frames in flight per hub (<c>commshub-hub --wan-window</c>).</summary>
    public int WanWindow { get; init; } = 16;

    /// <summary>The adapter's response timeout in seconds (an unanswered read ends E21 after it).</summary>
    public int ResponseTimeoutSeconds { get; init; } = 30;

    /// <summary>Requests a user may have without an outcome with <c>--rate max</c> (the closed loop's window, <c>--window</c>).</summary>
    public int MaxOutstandingPerUser { get; init; } = DefaultWindow;

    /// <summary>The default of <c>--window</c>.</summary>
    /// <remarks>
    /// 8, not the 64 it was: on the quiet 2-core machine (--hubs 4 --users 8, BENCHMARKS.md) a window of 8 held p99 at
    /// 53-85 ms in 17 runs out of 17, where 64 gave 79-248 ms (3 of 9 runs at 100 ms or less), with no loss of
    /// throughput (medians 1,248 and 1,136 requests/s). Past a few requests per user, more requests only wait in the
    /// queues in front of the adapter and lengthen the tail.
    /// </remarks>
    public const int DefaultWindow = 8;

    /// <summary>The largest <c>--window</c> accepted.</summary>
    public const int MaxWindow = 4096;

    /// <summary>Seconds of the raw MQTT round-trip measurement.</summary>
    public int RawSeconds { get; init; } = 5;

    /// <summary>
    /// The adapter's default log level under the bench: Warning, so that its two Information lines per request are not
    /// piped to the bench and written to run.log (6-8 % of the bench process's CPU, and the adapter's own console
    /// thread). <c>--adapter-log-level Information</c> measures them.
    /// </summary>
    public const string DefaultAdapterLogLevel = "Warning";

    /// <summary>The adapter's default log level (see <see cref="DefaultAdapterLogLevel"/>).</summary>
    public string AdapterLogLevel { get; init; } = DefaultAdapterLogLevel;

    /// <summary>
    /// Idle hubs for the hub-count figure (mosquitto only): when above 0 no load runs; that many hubs connect and publish
    /// their status and the adapter's memory per hub is measured (<c>BenchRun.ExecuteIdleAsync</c>).
    /// </summary>
    public int IdleHubs { get; init; }

    /// <summary>Keep the run folder (adapter and hub data, run.log) under <see cref="Out"/>.</summary>
    public bool Keep { get; init; }

    /// <summary>The rate as printed: a number or "max".</summary>
    public string RateText => Rate is { } r ? r.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) : "max";
}
