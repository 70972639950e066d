using System.Diagnostics;

namespace CommsHub.Benchmarks;

/// <summary>
/// <c>xml-stages</c>: the stages of <see cref="DuisXmlStageBenchmarks"/> by process CPU time per operation (every thread,
/// so the garbage collector's work for what a stage allocates is counted), in blocks taken in turn, stage after stage,
/// round after round. On this shared machine wall-clock figures follow the load; CPU time per operation much less, and
/// the stages of one round run under the same conditions. Prints the median over the rounds of each stage.
/// </summary>
internal static class XmlStagesBench
{
    /// <summary>Runs the bench; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        int rounds, block;
        try
        {
            var a = new BenchArguments(args, ["--rounds", "--block"]);
            (rounds, block) = (a.Positive("--rounds", 15), a.Positive("--block", 2000));
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"xml-stages: {ex.Message}");
            Console.Error.WriteLine("usage: xml-stages [--rounds N (15)] [--block N (2000)]");
            return 2;
        }
        var b = new DuisXmlStageBenchmarks();
        b.Setup();
        (string Name, Action Run)[] stages =
        [
            ("Intake", () => b.Intake()), ("Load", () => b.Load()), ("Xsd", () => b.Xsd()), ("Parse", () => b.Parse()),
            ("Verify", () => b.Verify()), ("I99", () => b.I99()), ("I0", () => b.I0()), ("I99Dom", () => b.I99Dom()), ("I0Dom", () => b.I0Dom()), ("AnswerVerify", () => b.AnswerVerify()),
            ("AnswerLoad", () => b.AnswerLoad()),
            ("ReferenceEcdsaP256Verify", () => b.ReferenceEcdsaP256Verify()), ("ReferenceEcdsaP256Sign", () => b.ReferenceEcdsaP256Sign()),
        ];
        foreach (var (_, run) in stages)
        {
            for (var i = 0; i < block; i++) run();
        }
        var micros = stages.Select(_ => new double[rounds]).ToArray();
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < rounds; r++)
        {
            for (var s = 0; s < stages.Length; s++)
            {
                var run = stages[s].Run;
                process.Refresh();
                var before = process.TotalProcessorTime;
                for (var i = 0; i < block; i++) run();
                process.Refresh();
                micros[s][r] = (process.TotalProcessorTime - before).TotalMicroseconds / block;
            }
        }
        Console.WriteLine($"xml-stages: {rounds} rounds of {block} operations per stage; process CPU µs per operation, median (min-max)");
        for (var s = 0; s < stages.Length; s++)
        {
            var sorted = micros[s].Order().ToArray();
            Console.WriteLine($"{stages[s].Name,-26} {sorted[sorted.Length / 2],8:F1}  ({sorted[0]:F1}-{sorted[^1]:F1})");
        }
        return 0;
    }
}
