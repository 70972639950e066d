namespace CommsHub.NanoCheck.Tests;

/// <summary>One build of a probe project whose files each use one thing nanoFramework 1.x's mscorlib lacks.</summary>
public sealed class NonCompilingProbes : IDisposable
{
    /// <summary>file → (source, expected compiler error code, expected text in the error).</summary>
    /// <remarks>Only binding-phase errors belong here: Roslyn skips lowering when binding failed, so errors that
    /// arise in lowering (e.g. a <c>yield</c> iterator's missing IEnumerable`1) would not show in this shared build.</remarks>
    public static readonly IReadOnlyDictionary<string, (string Source, string Code, string Text)> Probes =
        new Dictionary<string, (string, string, string)>
        {
            ["ListProbe.cs"] = ("""
                using System.Collections.Generic;
                namespace Probes { public class ListProbe { public int Count() { var l = new List<int>(); l.Add(1); return l.Count; } } }
                """, "CS0234", "'Generic' does not exist in the namespace 'System.Collections'"),
            ["NullableProbe.cs"] = ("""
                namespace Probes { public class NullableProbe { public int? Value; } }
                """, "CS0518", "System.Nullable`1"),
            ["LinqProbe.cs"] = ("""
                using System.Linq;
                namespace Probes { public class LinqProbe { public int First(int[] a) { return a.First(); } } }
                """, "CS0234", "'Linq' does not exist in the namespace 'System'"),
            ["AsyncProbe.cs"] = ("""
                using System.Threading.Tasks;
                namespace Probes { public class AsyncProbe { public async Task Run() { await Task.Delay(1); } } }
                """, "CS0234", "'Tasks' does not exist in the namespace 'System.Threading'"),
            ["TupleProbe.cs"] = ("""
                namespace Probes { public class TupleProbe { public (int, int) Pair() { return (1, 2); } } }
                """, "CS8179", "System.ValueTuple`2"),
            ["SpanProbe.cs"] = ("""
                namespace Probes { public class SpanProbe { public int Len(System.Span<byte> s) { return s.Length; } } }
                """, "CS0234", "'Span<>' does not exist in the namespace 'System'"),
        };

    private readonly ProbeBuild _build = new();

    public int ExitCode { get; }
    public string Output { get; }

    public NonCompilingProbes()
    {
        var project = _build.AddProject("NoCompile", Probes.ToDictionary(p => p.Key, p => p.Value.Source));
        (ExitCode, Output) = ProbeBuild.Build(project);
    }

    public void Dispose() => _build.Dispose();
}

/// <summary>Gate 1: the compat build (mscorlib 1.17.11 only, C# 9) rejects what nanoFramework 1.x cannot compile.</summary>
public sealed class CompileGateTests(NonCompilingProbes probes) : IClassFixture<NonCompilingProbes>
{
    public static TheoryData<string> ProbeFiles => new(NonCompilingProbes.Probes.Keys);

    [Fact]
    public void Build_fails()
    {
        Assert.True(probes.ExitCode != 0, "the probe build should fail:\n" + probes.Output);
    }

    [Theory]
    [MemberData(nameof(ProbeFiles))]
    public void Each_probe_fails_to_compile_with_the_expected_error(string file)
    {
        var (_, code, text) = NonCompilingProbes.Probes[file];
        var lines = probes.Output.Split('\n').Where(l => l.Contains(file + "(", StringComparison.Ordinal) && l.Contains(": error ", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Any(l => l.Contains(code, StringComparison.Ordinal) && l.Contains(text, StringComparison.Ordinal)),
            $"expected {code} mentioning \"{text}\" in {file}; its errors:\n{string.Join("\n", lines)}\n--- full output ---\n{probes.Output}");
    }
}
