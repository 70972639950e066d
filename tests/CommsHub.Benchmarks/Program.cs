using BenchmarkDotNet.Running;
using CommsHub.TestSupport;

if (!SharedData.Available)
{
    Console.Error.WriteLine("benchmarks: " + SharedData.SkipReason);
    return 1;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
