using BenchmarkDotNet.Running;
using CommsHub.TestSupport;

if (!SharedData.Available)
{
    Console.Error.WriteLine("benchmarks: " + SharedData.SkipReason);
    return 1;
}
// The project's own command for what BenchmarkDotNet cannot report (CPU time per request under concurrent load).
if (args.Length > 0 && args[0] == "concurrent-duis") return CommsHub.Benchmarks.ConcurrentDuisBench.Run(args[1..]);
// Request cost against one P-256 verification in alternating blocks (this machine's speed drifts between runs).
if (args.Length > 0 && args[0] == "paired-duis") return CommsHub.Benchmarks.PairedDuisBench.Run(args[1..]);
// The DUIS XML and signature stages by process CPU time per operation.
if (args.Length > 0 && args[0] == "xml-stages") return CommsHub.Benchmarks.XmlStagesBench.Run(args[1..]);
// The embedded broker's memory per kept hub session.
if (args.Length > 0 && args[0] == "broker-sessions") return CommsHub.Benchmarks.BrokerSessionsBench.Run(args[1..]);
// This assembly (CommsHub.Cloud has a public Program of its own, so `typeof(Program)` was ambiguous: warning CS0436).
BenchmarkSwitcher.FromAssembly(typeof(CommsHub.Benchmarks.ConcurrentDuisBench).Assembly).Run(args);
return 0;
