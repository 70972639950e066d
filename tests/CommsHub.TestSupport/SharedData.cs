using Xunit;

namespace CommsHub.TestSupport;

/// <summary>
/// Locates the read-only reference material (`../shared` beside the checkout). Tests read it at run time and
/// never copy it into the repo. <c>COMMSHUB_SHARED</c> overrides the location.
/// </summary>
public static class SharedData
{
    /// <summary>Environment variable that points at the reference folder.</summary>
    public const string EnvironmentVariable = "COMMSHUB_SHARED";

    private static readonly Lazy<string?> RootPath = new(FindRoot);

    /// <summary>The reference folder, or null when it is not there.</summary>
    public static string? Root => RootPath.Value;

    /// <summary>True when the reference folder exists.</summary>
    public static bool Available => Root is not null;

    /// <summary>The message a skipped test shows.</summary>
    public static string SkipReason =>
        $"reference data not found: set {EnvironmentVariable} or place the 'shared' folder beside the repository checkout";

    /// <summary>Full path of a file or folder under the reference folder. Use with <see cref="SharedDataFactAttribute"/>.</summary>
    public static string PathOf(string relative) =>
        Path.Combine(Root ?? throw new InvalidOperationException(SkipReason), relative);

    private static string? FindRoot()
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(env))
            return Directory.Exists(env) ? Path.GetFullPath(env) : null;
        // Walk up from the test assembly to the repo root (the folder holding CommsHub.sln), then take ../shared.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CommsHub.sln")))
            dir = dir.Parent;
        if (dir?.Parent is null) return null;
        var candidate = Path.Combine(dir.Parent.FullName, "shared");
        return Directory.Exists(Path.Combine(candidate, "vectors")) ? candidate : null;
    }
}

/// <summary>A fact that is reported as skipped, with the reason, when the reference data is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (!SharedData.Available) Skip = SharedData.SkipReason;
    }
}

/// <summary>A theory that is reported as skipped, with the reason, when the reference data is absent.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (!SharedData.Available) Skip = SharedData.SkipReason;
    }
}
