namespace CommsHub.NanoCheck;

/// <summary>One rule violation: printed as <c>assembly: location: problem</c>.</summary>
/// <param name="Location">Type or type.member the problem is in (<c>&lt;assembly&gt;</c> / <c>&lt;module&gt;</c> for table-level findings).</param>
/// <param name="Problem">What is wrong, in words.</param>
public sealed record Finding(string Location, string Problem)
{
    /// <summary>The one-line form printed by the tool, given the checked assembly's file name.</summary>
    public string Format(string assembly) => $"{assembly}: {Location}: {Problem}";
}

/// <summary>Result of checking one assembly.</summary>
public sealed record CheckResult(string AssemblyFile, int TypeCount, int MethodCount, IReadOnlyList<Finding> Findings)
{
    /// <summary>True when nothing was found.</summary>
    public bool Ok => Findings.Count == 0;

    /// <summary>The printed lines: one per finding, or the single OK line.</summary>
    public IEnumerable<string> Lines() =>
        Ok ? [$"NANOCHECK OK {AssemblyFile} ({TypeCount} types, {MethodCount} methods)"]
           : Findings.Select(f => f.Format(AssemblyFile));
}
