namespace CommsHub.Dcc.Duis;

/// <summary>
/// Finds the folder holding the DUIS 5.4 schema files. The schemas are DCC's, not ours, so the repository
/// does not carry copies: a deployment points at them with configuration, and a development checkout finds
/// them in the reference folder beside it.
/// </summary>
public static class DuisSchemaLocator
{
    /// <summary>Environment variable naming the schema folder.</summary>
    public const string EnvironmentVariable = "COMMSHUB_DUIS_SCHEMAS";

    /// <summary>The DUIS schema (imports the other two).</summary>
    public const string DuisSchemaFile = "DUIS Schema V5.4.xsd";

    /// <summary>The ResponseAndAlert schema.</summary>
    public const string MmcSchemaFile = "MMC Schema V5.4.xsd";

    /// <summary>The W3C XMLDSig schema.</summary>
    public const string XmlDsigSchemaFile = "xmldsig-core-schema.xsd";

    /// <summary>All three files that must be present.</summary>
    public static IReadOnlyList<string> RequiredFiles { get; } = [DuisSchemaFile, MmcSchemaFile, XmlDsigSchemaFile];

    /// <summary>
    /// The default folder: <c>COMMSHUB_DUIS_SCHEMAS</c> if set, else <c>&lt;repo&gt;/../shared/vectors/gbcs/duis</c>
    /// where the repo is found by walking up from the application (and then the working) directory to CommsHub.sln.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">no folder with the three schema files was found.</exception>
    public static string ResolveDefault()
    {
        var tried = new List<string>();
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            // An explicit setting wins and is never second-guessed: a wrong value must fail loudly.
            if (HasSchemas(env)) return Path.GetFullPath(env);
            throw new DirectoryNotFoundException(
                $"{EnvironmentVariable}='{env}' does not contain {string.Join(", ", RequiredFiles)}");
        }
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            var repo = FindRepoRoot(start);
            if (repo?.Parent is null) continue;
            var candidate = Path.Combine(repo.Parent.FullName, "shared", "vectors", "gbcs", "duis");
            if (HasSchemas(candidate)) return candidate;
            tried.Add(candidate);
        }
        throw new DirectoryNotFoundException(
            $"DUIS 5.4 schemas not found: set {EnvironmentVariable} to a folder holding {string.Join(", ", RequiredFiles)}"
            + (tried.Count > 0 ? $" (looked in {string.Join(", ", tried.Distinct())})" : " (no CommsHub.sln above the application folder)"));
    }

    /// <summary>True when <paramref name="folder"/> holds all three schema files.</summary>
    public static bool HasSchemas(string folder) =>
        Directory.Exists(folder) && RequiredFiles.All(f => File.Exists(Path.Combine(folder, f)));

    private static DirectoryInfo? FindRepoRoot(string start)
    {
        var dir = new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CommsHub.sln")))
            dir = dir.Parent;
        return dir;
    }
}
