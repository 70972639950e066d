using System.Text.RegularExpressions;
using CommsHub.Cli.Faults;
using CommsHub.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CommsHub.Cli.Tests;

/// <summary>
/// A fact that runs <c>commshub faults</c>: skipped with the reason when the DUIS schemas (reference data) are absent,
/// or, for db-outage, when PostgreSQL's server binaries are.
/// </summary>
public sealed class FaultHarnessFactAttribute : FactAttribute
{
    /// <summary>A fact needing the reference data, PostgreSQL's binaries when <paramref name="postgres"/>, Debian's Mosquitto when <paramref name="mosquitto"/>.</summary>
    public FaultHarnessFactAttribute(bool postgres = false, bool mosquitto = false)
    {
        if (!SharedData.Available) Skip = SharedData.SkipReason;
        else if (mosquitto && MosquittoProcess.Skip is { } reason) Skip = reason;
        else if (postgres && PostgresServer.FindBinaries() is null)
            Skip = "PostgreSQL server binaries not found (/usr/lib/postgresql/<version>/bin/initdb, pg_ctl): db-outage needs them (apt-get install postgresql)";
    }
}

/// <summary>
/// The fault harness at CI size, one scenario per fact (30 reads each): the adapter, two virtual hubs and two users as
/// processes, the fault mid-run, and nothing lost or duplicated. Run them alone with
/// <c>--filter "Category=FaultHarness"</c>; each takes a minute or so on a quiet machine.
/// </summary>
[Trait("Category", "FaultHarness")]
public sealed class FaultHarnessTests(ITestOutputHelper output)
{
    private static readonly Regex Summary = new(
        @"^(?<scenario>[a-z-]+): sent (?<sent>\d+) acknowledged (?<ack>\d+) answered (?<answered>\d+) lost (?<lost>\d+) duplicated (?<dup>\d+) redelivered (?<re>\d+)$");

    private static readonly Regex KeptFolder = new(@"^faults: (run folder kept|logs kept in):? (?<folder>/\S+)");

    [FaultHarnessFact]
    public Task Killing_the_adapter_loses_and_duplicates_nothing() => RunAsync("adapter-kill");

    [FaultHarnessFact]
    public Task Rebooting_a_hub_loses_and_duplicates_nothing() => RunAsync("hub-reboot");

    [FaultHarnessFact(postgres: true)]
    public Task A_database_outage_loses_and_duplicates_nothing() => RunAsync("db-outage");

    // Mosquitto, the harness's own PostgreSQL and two adapter instances in External mode (one share group).
    [FaultHarnessFact(postgres: true, mosquitto: true)]
    public Task Killing_one_of_two_adapter_instances_loses_and_duplicates_nothing() => RunAsync("instance-kill");

    [FaultHarnessFact(postgres: true, mosquitto: true)]
    public Task Restarting_mosquitto_under_two_adapter_instances_loses_and_duplicates_nothing() => RunAsync("broker-restart");

    private async Task RunAsync(string scenario)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await Task.Run(() => CliApp.Run(["faults", "--scenario", scenario, "--requests", "30"], stdout, stderr));
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var line in lines) output.WriteLine(line);
        var childLog = exit == 0 ? "" : ChildLogTail(lines);
        Assert.True(stderr.ToString().Length == 0, stderr.ToString() + childLog);

        var summary = Summary.Match(lines.LastOrDefault() ?? "");
        Assert.True(summary.Success, $"last line is not the summary: {lines.LastOrDefault()}");
        int Count(string name) => int.Parse(summary.Groups[name].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(scenario, summary.Groups["scenario"].Value);
        Assert.Equal(30, Count("sent"));
        Assert.True(Count("ack") > 0, "no read was acknowledged");
        Assert.True(Count("lost") == 0 && Count("dup") == 0, string.Join("\n", lines.TakeLast(30)) + childLog);
        Assert.True(exit == 0, $"exit {exit}" + childLog);
    }

    // A failed run keeps its folder and says so on stdout; its run.log has every child's output (adapter, hubs, broker,
    // PostgreSQL) beside the harness's own lines. Its end goes into the failure message, so a flake explains itself.
    private static string ChildLogTail(string[] lines)
    {
        var kept = lines.Select(l => KeptFolder.Match(l)).LastOrDefault(m => m.Success);
        if (kept is null) return "\n(no run folder named on stdout)";
        var log = Path.Combine(kept.Groups["folder"].Value, "run.log");
        if (!File.Exists(log)) return $"\n(no {log})";
        return $"\n--- last 60 lines of {log} ---\n" + string.Join("\n", File.ReadLines(log).TakeLast(60));
    }
}
