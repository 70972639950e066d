using System.CommandLine;
using CommsHub.Cli.Faults;

namespace CommsHub.Cli.Commands;

/// <summary>
/// <c>commshub faults --scenario adapter-kill|hub-reboot|db-outage|instance-kill|broker-restart [--requests N] [--rate R] [--transport both|http|mqtt]
/// [--fault-at F] [--response-timeout S] [--deadline S] [--outage S] [--keep] [--work DIR]</c>: the fault harness
/// (<see cref="FaultRun"/>; how to read its numbers: cloud/CommsHub.Cli/FAULTS.md). Its last line is
/// <c>&lt;scenario&gt;: sent N acknowledged A answered B lost L duplicated D redelivered R</c>; exit 0 when L and D are
/// 0, 2 when not, 1 when the rig could not be started (one line on stderr).
/// </summary>
internal static class FaultsCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var scenario = new Option<string>("--scenario") { Description = "The fault: adapter-kill, hub-reboot, db-outage, instance-kill or broker-restart (the last two: Mosquitto, PostgreSQL and two adapter instances)", Required = true };
        scenario.AcceptOnlyFromAmong(FaultOptions.ScenarioNames);
        var requests = new Option<int>("--requests") { Description = "Signed 4.1.1 reads to send", DefaultValueFactory = _ => 300 };
        var rate = new Option<double>("--rate") { Description = "Reads per second (all users together)", DefaultValueFactory = _ => 10 };
        var transport = new Option<string>("--transport")
        {
            Description = "How users send: both (supplier over HTTP, network operator over MQTT), http or mqtt; answers always come over MQTT",
            DefaultValueFactory = _ => "both",
        };
        transport.AcceptOnlyFromAmong("both", "http", "mqtt");
        var faultAt = new Option<double>("--fault-at") { Description = "When the fault fires, as a fraction of the sending time", DefaultValueFactory = _ => 0.5 };
        var responseTimeout = new Option<int>("--response-timeout")
        {
            Description = "The adapter's response timeout in seconds (a read its meter does not answer ends E21 after it)",
            DefaultValueFactory = _ => 20,
        };
        var deadline = new Option<int>("--deadline")
        {
            Description = "Seconds after the last read (and the end of the fault) that users wait for outcomes; what is still missing then is lost. Default: response timeout + 25",
        };
        var outage = new Option<int>("--outage") { Description = "db-outage: seconds the database stays stopped", DefaultValueFactory = _ => 10 };
        var keep = new Option<bool>("--keep") { Description = "Keep the run folder (adapter and hub data, run.log) even when the run passed" };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Make the run folder here instead of the system's temporary folder" };
        var command = new Command("faults", "Fault harness: adapter, virtual hubs and users as processes, a fault mid-run, and what users and devices saw")
            { scenario, requests, rate, transport, faultAt, responseTimeout, deadline, outage, keep, work };
        command.SetAction(async (parse, ct) =>
        {
            int n = parse.GetValue(requests), timeout = parse.GetValue(responseTimeout), seconds = parse.GetValue(outage);
            double perSecond = parse.GetValue(rate), at = parse.GetValue(faultAt);
            var problem = n < 1 ? "--requests must be at least 1"
                : perSecond is <= 0 or > 1000 ? "--rate must be above 0 and at most 1000"
                : at is < 0 or > 1 ? "--fault-at must be between 0 and 1"
                : timeout < 1 ? "--response-timeout must be at least 1"
                : seconds < 0 ? "--outage must not be negative"
                : parse.GetValue(deadline) < 0 ? "--deadline must not be negative" : null;
            if (problem is not null)
            {
                stderr.WriteLine($"commshub: faults: {problem}");
                return 1;
            }
            var options = new FaultOptions
            {
                Scenario = (FaultScenario)Array.IndexOf(FaultOptions.ScenarioNames, parse.GetValue(scenario)),
                Requests = n,
                Rate = perSecond,
                Transport = parse.GetValue(transport)!,
                FaultAt = at,
                ResponseTimeoutSeconds = timeout,
                Deadline = TimeSpan.FromSeconds(parse.GetValue(deadline) is > 0 and var d ? d : timeout + 25),
                Outage = TimeSpan.FromSeconds(seconds),
                Keep = parse.GetValue(keep),
                WorkFolder = parse.GetValue(work)?.FullName,
            };
            return await FaultRun.RunAsync(options, stdout, stderr, ct);
        });
        return command;
    }
}
