namespace CommsHub.Cli.Faults;

/// <summary>
/// Where the harness finds the programs it runs. Rule: <c>CommsHub.Cloud.dll</c> (the adapter) and <c>commshub-hub.dll</c>
/// (the virtual hub) sit next to <c>commshub.dll</c>, because the CLI project references both projects: a build of the
/// CLI (or of a project that references it, such as its tests) copies them, with their <c>.runtimeconfig.json</c> and
/// <c>.deps.json</c>, into the same folder. The harness runs them with the dotnet host, never with <c>dotnet run</c>, so
/// a run never rebuilds anything and a kill hits the program itself, not a build wrapper.
/// </summary>
/// <param name="Adapter">Path of CommsHub.Cloud.dll.</param>
/// <param name="Hub">Path of commshub-hub.dll.</param>
internal sealed record ChildBinaries(string Adapter, string Hub)
{
    /// <summary>The adapter's assembly file name.</summary>
    public const string AdapterFile = "CommsHub.Cloud.dll";

    /// <summary>The virtual hub's assembly file name.</summary>
    public const string HubFile = "commshub-hub.dll";

    /// <summary>Finds both next to this program (<paramref name="folder"/>: the application folder unless a test says otherwise).</summary>
    /// <exception cref="FileNotFoundException">one is missing (the message says which and how to get it).</exception>
    public static ChildBinaries Locate(string? folder = null)
    {
        folder ??= AppContext.BaseDirectory;
        string Find(string file)
        {
            var path = Path.Combine(folder, file);
            if (File.Exists(path) && File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json"))) return path;
            throw new FileNotFoundException($"{file} (with its .runtimeconfig.json) is not next to commshub in {folder}: build cloud/CommsHub.Cli, which references it");
        }
        return new ChildBinaries(Find(AdapterFile), Find(HubFile));
    }
}
