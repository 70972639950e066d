using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace CommsHub.NanoCheck.Tests;

/// <summary>
/// Writes probe projects into a temp dir laid out like the repo (its Directory.Build.props and
/// Directory.Packages.props are imported, so the same overrides and central versions apply) and builds them
/// with <c>dotnet build</c>, importing the real firmware/nanocheck/NanoCompat/NanoCompat.props.
/// </summary>
public sealed class ProbeBuild : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "commshub-nanocheck-" + Guid.NewGuid().ToString("N")[..12]);

    public ProbeBuild()
    {
        Directory.CreateDirectory(Root);
        var repo = RepoRoot;
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"),
            $"<Project><Import Project=\"{Path.Combine(repo, "Directory.Build.props")}\" /></Project>");
        File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"),
            $"<Project><Import Project=\"{Path.Combine(repo, "Directory.Packages.props")}\" /></Project>");
    }

    /// <summary>Repo root: recorded at build time, else found by walking up from the test binaries.</summary>
    public static string RepoRoot
    {
        get
        {
            var recorded = Metadata("RepoRoot");
            if (!string.IsNullOrEmpty(recorded) && File.Exists(Path.Combine(recorded, "Directory.Packages.props"))) return recorded;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "firmware/nanocheck/NanoCompat/NanoCompat.props"))) return dir.FullName;
            throw new InvalidOperationException("cannot find the repo root (firmware/nanocheck/NanoCompat/NanoCompat.props)");
        }
    }

    /// <summary>nanoFramework.CoreLibrary's mscorlib.dll: as restored for this test project, else from the NuGet cache.</summary>
    public static string NanoMscorlib
    {
        get
        {
            var recorded = Metadata("NanoMscorlib");
            if (!string.IsNullOrEmpty(recorded) && File.Exists(recorded)) return recorded;
            var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
            if (string.IsNullOrEmpty(cache))
                cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var path = Path.Combine(cache, "nanoframework.corelibrary", "1.17.11", "lib", "mscorlib.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("nanoFramework mscorlib.dll not found", path);
        }
    }

    private static string? Metadata(string key) => typeof(ProbeBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == key)?.Value;

    /// <summary>Writes project <paramref name="name"/> with the given sources (file name → text).</summary>
    public string AddProject(string name, IReadOnlyDictionary<string, string> sources, string extraProperties = "", params string[] projectReferences)
    {
        var dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        foreach (var (file, text) in sources) File.WriteAllText(Path.Combine(dir, file), text);
        var compatProps = Path.Combine(RepoRoot, "firmware/nanocheck/NanoCompat/NanoCompat.props");
        var refs = string.Concat(projectReferences.Select(r => $"<ProjectReference Include=\"../{r}/{r}.csproj\" />"));
        File.WriteAllText(Path.Combine(dir, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{compatProps}" />
              <PropertyGroup><AssemblyName>{name}</AssemblyName>{extraProperties}</PropertyGroup>
              <ItemGroup><Compile Include="*.cs" /></ItemGroup>
              <ItemGroup>{refs}</ItemGroup>
            </Project>
            """);
        return Path.Combine(dir, name + ".csproj");
    }

    /// <summary>Output assembly of a probe project built in Release.</summary>
    public string OutputOf(string name) => Path.Combine(Root, name, "bin", "Release", "netstandard2.0", name + ".dll");

    /// <summary>Runs <c>dotnet build -c Release</c>; returns the exit code and the combined output.</summary>
    public static (int ExitCode, string Output) Build(string project)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(dotnet) || !File.Exists(dotnet)) dotnet = "dotnet";
        var psi = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // No build servers: nothing may outlive the build holding our output pipes open.
        foreach (var a in new[] { "build", project, "-c", "Release", "-nologo", "-v:m", "-tl:off",
                                  "-nodeReuse:false", "-p:UseSharedCompilation=false" })
            psi.ArgumentList.Add(a);
        // Don't let the MSBuild that runs `dotnet test` leak its settings into this independent build.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            psi.Environment.Remove(key);
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var output = new StringBuilder();
        using var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet build {project} took over 5 minutes:\n{output}");
        }
        p.WaitForExit(); // drain the async readers
        lock (output) return (p.ExitCode, output.ToString());
    }

    /// <summary>Deletes the temp dir, unless NANOCHECK_KEEP_PROBES=1 (for looking at the probes by hand).</summary>
    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("NANOCHECK_KEEP_PROBES") == "1") return;
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
