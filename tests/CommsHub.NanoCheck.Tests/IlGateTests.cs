namespace CommsHub.NanoCheck.Tests;

/// <summary>
/// One build of two probe projects: "CleanProbe" (portable code of the kinds the repo uses: must pass) and
/// "Violations" (compiles against nanoFramework mscorlib but cannot run on nanoCLR 1.x; references CleanProbe).
/// </summary>
public sealed class CompilingProbes : IDisposable
{
    public static readonly Dictionary<string, string> CleanSources = new()
    {
        ["Clean.cs"] = """
            using System;
            using System.Collections;
            using System.Threading;
            namespace Clean
            {
                public delegate int IntMap(int x);
                public enum Kind { A = 1, B = 2 }
                [Flags] public enum Bits : byte { None = 0, X = 1, Y = 2 }
                public interface IShape { int Area(); }
                public struct Rect : IShape { public int W, H; public int Area() { return W * H; } }
                public sealed class CleanException : Exception { public CleanException(string m) : base(m) { } }
                public static class Helper
                {
                    private static readonly object Gate = new object();
                    private static readonly byte[] Table = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17 };
                    public static int Twice(int x) { return x * 2; }
                    public static int Apply(IntMap f, int x) { return f(x); }
                    public static int Lambdas(int k) { IntMap add = x => x + k; IntMap sq = x => x * x; return Apply(add, 1) + Apply(sq, 3); }
                    public static int Sum(ArrayList list) { int s = 0; foreach (object o in list) s += (int)o; return s; }
                    public static int SumArray() { int s = 0; foreach (byte b in Table) s += b; return s; }
                    public static int Word(string w)
                    {
                        switch (w) { case "alpha": return 1; case "beta": return 2; case "gamma": return 3; case "delta": return 4;
                                     case "epsilon": return 5; case "zeta": return 6; case "eta": return 7; default: return 0; }
                    }
                    public static string Describe(object o) => o switch { int i when i > 0 => "pos", int _ => "int", string s => s, null => "null", _ => "?" };
                    public static int Guarded(int x)
                    {
                        lock (Gate) { Interlocked.Increment(ref x); }
                        try { if (x > 100) throw new CleanException("big"); return x; }
                        catch (CleanException e) when (e.Message == "big") { return -1; }
                        finally { x = 0; }
                    }
                    public static string Format(int a, double d) { return string.Format("{0} {1:X4} {2:F2}", a, a, d) + $"{a:D5}"; }
                    public static byte Hash(byte[] data) { byte h = 0; for (int i = 0; i < data.Length; i++) h = (byte)(h ^ data[i]); return h; }
                    public static unsafe int Pinned(byte[] data) { fixed (byte* p = data) { return p[0]; } }
                }
            }
            """,
    };

    public static readonly Dictionary<string, string> ViolationSources = new()
    {
        ["GenericProbe.cs"] = """
            namespace Probes
            {
                public class GenericBox<T> { public T Value; }
                public static class GenericUse
                {
                    public static int Use() { var b = new GenericBox<int>(); b.Value = 3; return b.Value; }
                    public static T Id<T>(T x) { return x; }
                    public static int CallId() { return Id(5); }
                }
            }
            """,
        ["ActionProbe.cs"] = """
            using System;
            namespace Probes
            {
                public static class ActionProbe
                {
                    public static int Total;
                    private static void Add(int x) { Total += x; }
                    public static void Invoke() { Action<int> a = Add; a.Invoke(4); }
                }
            }
            """,
        ["FuncProbe.cs"] = """
            using System;
            namespace Probes { public static class FuncProbe { public static int Run() { Func<int, int> f = x => x + 1; return f(2); } } }
            """,
        ["StackallocProbe.cs"] = """
            namespace Probes
            {
                public static class StackallocProbe
                {
                    public static unsafe int Sum() { int* p = stackalloc int[4]; p[0] = 1; p[3] = 2; return p[0] + p[3]; }
                }
            }
            """,
        ["CalliProbe.cs"] = """
            namespace Probes
            {
                public static unsafe class CalliProbe
                {
                    private static int Twice(int x) { return x * 2; }
                    public static int Run() { delegate*<int, int> fp = &Twice; return fp(3); }
                }
            }
            """,
        ["UsesClean.cs"] = """
            namespace Probes { public static class UsesClean { public static int Run() { return Clean.Helper.Twice(21); } } }
            """,
    };

    private readonly ProbeBuild _build = new();

    public int ExitCode { get; }
    public string Output { get; }
    public string CleanDll => _build.OutputOf("CleanProbe");
    public string ViolationsDll => _build.OutputOf("Violations");

    public CompilingProbes()
    {
        const string unsafeProp = "<AllowUnsafeBlocks>true</AllowUnsafeBlocks>";
        _build.AddProject("CleanProbe", CleanSources, unsafeProp);
        var violations = _build.AddProject("Violations", ViolationSources, unsafeProp, "CleanProbe");
        (ExitCode, Output) = ProbeBuild.Build(violations); // builds CleanProbe through the ProjectReference
    }

    public void Dispose() => _build.Dispose();
}

/// <summary>Gate 2: NanoCheck rejects what compiles against nanoFramework mscorlib but cannot run on nanoCLR 1.x.</summary>
public sealed class IlGateTests(CompilingProbes probes) : IClassFixture<CompilingProbes>
{
    private CheckResult Violations(params string[] allow)
    {
        Assert.True(probes.ExitCode == 0, "probe build failed:\n" + probes.Output);
        return MetadataRules.Check(probes.ViolationsDll, allow);
    }

    private static void AssertFinding(CheckResult result, string location, string problemPart)
    {
        Assert.True(result.Findings.Any(f => f.Location == location && f.Problem.Contains(problemPart, StringComparison.Ordinal)),
            $"expected a finding at {location} containing \"{problemPart}\"; got:\n{string.Join("\n", result.Lines())}");
    }

    [Fact]
    public void Clean_code_passes_with_the_OK_line()
    {
        Assert.True(probes.ExitCode == 0, "probe build failed:\n" + probes.Output);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = NanoCheckCli.Run([probes.CleanDll], stdout, stderr);
        Assert.True(exit == 0, stdout + "\n" + stderr);
        Assert.Matches(@"^NANOCHECK OK CleanProbe\.dll \(\d+ types, \d+ methods\)\r?\n$", stdout.ToString());
        Assert.Equal("", stderr.ToString());
    }

    [Fact]
    public void Probes_reference_only_nanoFramework_mscorlib()
    {
        Assert.True(probes.ExitCode == 0, "probe build failed:\n" + probes.Output);
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(probes.CleanDll));
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var refs = md.AssemblyReferences.Select(h => md.GetAssemblyReference(h).GetAssemblyName()).ToList();
        var mscorlib = Assert.Single(refs);
        Assert.Equal("mscorlib", mscorlib.Name);
        var expected = System.Reflection.AssemblyName.GetAssemblyName(ProbeBuild.NanoMscorlib).Version;
        Assert.Equal(expected, mscorlib.Version);
    }

    [Fact]
    public void User_generic_class_is_rejected()
    {
        var r = Violations("CleanProbe");
        AssertFinding(r, "Probes.GenericBox`1", "generic type definition with 1 type parameter(s)");
        AssertFinding(r, "Probes.GenericBox`1.Value", "field of generic type !0");
        AssertFinding(r, "Probes.GenericUse.Use", "Probes.GenericBox<int>..ctor");
    }

    [Fact]
    public void User_generic_method_and_its_instantiation_are_rejected()
    {
        var r = Violations("CleanProbe");
        AssertFinding(r, "Probes.GenericUse.Id", "generic method definition with 1 type parameter(s)");
        AssertFinding(r, "Probes.GenericUse.CallId", "call of generic method instantiation Probes.GenericUse.Id<int>");
    }

    [Fact]
    public void Action_of_int_invocation_is_rejected()
    {
        var r = Violations("CleanProbe");
        AssertFinding(r, "Probes.ActionProbe.Invoke", "callvirt of member of generic type System.Action<int>.Invoke");
        AssertFinding(r, "Probes.ActionProbe.Invoke", "newobj of member of generic type System.Action<int>..ctor");
    }

    [Fact]
    public void Func_lambda_is_rejected()
    {
        var r = Violations("CleanProbe");
        AssertFinding(r, "Probes.FuncProbe.Run", "callvirt of member of generic type System.Func<int, int>.Invoke");
        Assert.Contains(r.Findings, f => f.Location.StartsWith("Probes.FuncProbe+<>c.", StringComparison.Ordinal)
                                         && f.Problem == "field of generic type System.Func<int, int>");
    }

    [Fact]
    public void Stackalloc_into_a_pointer_is_rejected_as_localloc()
    {
        var r = Violations("CleanProbe");
        AssertFinding(r, "Probes.StackallocProbe.Sum", "unsupported opcode localloc (stackalloc) at IL_");
    }

    [Fact]
    public void Function_pointer_call_is_rejected_as_calli()
    {
        var r = Violations("CleanProbe");
        AssertFinding(r, "Probes.CalliProbe.Run", "unsupported opcode calli");
    }

    [Fact]
    public void Allow_listed_reference_passes_and_others_are_rejected()
    {
        Assert.DoesNotContain(Violations("CleanProbe").Findings, f => f.Location == "<assembly>");
        AssertFinding(Violations(), "<assembly>", "references assembly CleanProbe, Version=");
    }

    [Fact]
    public void Non_generic_code_in_the_violating_assembly_is_not_flagged()
    {
        var r = Violations("CleanProbe");
        Assert.DoesNotContain(r.Findings, f => f.Location.StartsWith("Probes.UsesClean", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Findings, f => f.Location == "Probes.ActionProbe.Add");
    }

    [Fact]
    public void Cli_prints_one_line_per_finding_and_exits_1()
    {
        Assert.True(probes.ExitCode == 0, "probe build failed:\n" + probes.Output);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = NanoCheckCli.Run(["--allow", "CleanProbe", probes.ViolationsDll], stdout, stderr);
        Assert.Equal(1, exit);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Matches(@"^Violations\.dll: [^:]+: .+$", l));
        Assert.Contains(lines, l => l.StartsWith("Violations.dll: Probes.StackallocProbe.Sum: unsupported opcode localloc", StringComparison.Ordinal));
        Assert.Contains("NANOCHECK FAILED Violations.dll", stderr.ToString());
    }
}
