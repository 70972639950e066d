using System.Text.Json;

namespace CommsHub.Cli.Bench;

/// <summary>What <c>commshub bench --idle-hubs</c> measured.</summary>
internal sealed record IdleHubsReport(int Hubs, int Connected, int StillConnected, double ConnectSeconds, string? FirstError,
    long AdapterRssBefore, long AdapterRssAfter, long AdapterPeakRss, long? BrokerRssBefore, long? BrokerRssAfter, long BenchRssGrowth,
    long? OpenFilesLimit, string BrokerName)
{
    /// <summary>The adapter's resident-set growth per idle hub, in KB (1,000 bytes).</summary>
    public double AdapterKbPerHub => Connected == 0 ? 0 : (AdapterRssAfter - AdapterRssBefore) / 1000.0 / Connected;

    /// <summary>The broker's resident-set growth per idle hub, in KB, when the bench started it.</summary>
    public double? BrokerKbPerHub => BrokerRssBefore is { } b && BrokerRssAfter is { } a && Connected > 0 ? (a - b) / 1000.0 / Connected : null;

    /// <summary>True when every idle hub connected and was still connected at the end.</summary>
    public bool AllConnected => Connected == Hubs && StillConnected == Hubs;

    /// <summary>The last line printed.</summary>
    public string SummaryLine =>
        $"bench: idle-hubs {Hubs} connected {StillConnected} adapter-rss-per-hub {BenchRig.Text(AdapterKbPerHub, "0.00")} KB broker-rss-per-hub {(BrokerKbPerHub is { } k ? BenchRig.Text(k, "0.00") : "-")} KB broker mosquitto";

    /// <summary>Writes <c>idle-hubs.md</c> and <c>idle-hubs.json</c> into <paramref name="folder"/> and prints the table.</summary>
    public void Write(string folder, TextWriter stdout)
    {
        static string M(long bytes) => BenchRig.Text(bytes / 1048576.0, "0.0");
        var limit = OpenFilesLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
        string brokerBefore = BrokerRssBefore is { } b ? M(b) : "-", brokerAfter = BrokerRssAfter is { } a ? M(a) : "-";
        string brokerPerHub = BrokerKbPerHub is { } k ? BenchRig.Text(k, "0.00") + " KB" : "-";
        var md = new System.Text.StringBuilder()
            .AppendLine($"# commshub bench --idle-hubs {Hubs}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC")
            .AppendLine()
            .AppendLine($"{Hubs} idle hubs, each one TCP connection from the bench process speaking MQTT 3.1.1 as a hub at rest does "
                + "(CONNECT with its offline status as retained last will, SUBSCRIBE to `chub/EUI/down`, PUBLISH its online status "
                + $"retained, keep-alive 0), on {BrokerName}; the adapter in External mode receives every status (hub presence). "
                + $"Open-files limit: {limit}.")
            .AppendLine()
            .AppendLine("| | value |")
            .AppendLine("|---|---|")
            .AppendLine($"| idle hubs connected (CONNACK, SUBACK, PUBACK) | {Connected} of {Hubs} in {BenchRig.Text(ConnectSeconds, "0.0")} s |")
            .AppendLine($"| still connected at the end | {StillConnected} |")
            .AppendLine($"| adapter RSS before / after | {M(AdapterRssBefore)} / {M(AdapterRssAfter)} MiB (peak {M(AdapterPeakRss)} MiB) |")
            .AppendLine($"| adapter RSS growth per hub | {BenchRig.Text(AdapterKbPerHub, "0.00")} KB |")
            .AppendLine($"| mosquitto RSS before / after | {brokerBefore} / {brokerAfter} MiB |")
            .AppendLine($"| mosquitto RSS growth per hub | {brokerPerHub} |")
            .AppendLine($"| bench process RSS growth (the idle hubs' sockets) | {M(BenchRssGrowth)} MiB |");
        if (FirstError is not null) md.AppendLine().AppendLine($"First failure: {FirstError}");
        File.WriteAllText(Path.Combine(folder, "idle-hubs.md"), md.ToString());
        File.WriteAllText(Path.Combine(folder, "idle-hubs.json"), JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));
        stdout.WriteLine(md);
    }
}
