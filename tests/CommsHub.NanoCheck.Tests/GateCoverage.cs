using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CommsHub.NanoCheck.Tests;

/// <summary>
/// Which C# files an MSBuild project compiles, read statically: its <c>Compile</c> items (Include with <c>*</c>,
/// <c>**</c> and <c>?</c> wildcards, Exclude), the properties they use (defined in the same file or an unconditional
/// import, plus <c>$(MSBuildThisFileDirectory)</c>), and the unconditional imports it follows (.projitems of a shared
/// project, NanoCompat.props). Conditional imports (the nanoFramework project system's targets) are skipped; an
/// undefined property in an item is an error, so a layout change cannot make the reading silently empty.
/// </summary>
public static class ProjectSources
{
    private static readonly Regex PropertyRef = new(@"\$\(([A-Za-z_][A-Za-z0-9_.]*)\)");

    /// <summary>Full paths (forward slashes) of every file <paramref name="projectPath"/> compiles.</summary>
    public static SortedSet<string> Compiled(string projectPath)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        Read(Path.GetFullPath(projectPath), new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), files, depth: 0);
        return files;
    }

    private static void Read(string path, Dictionary<string, string> properties, SortedSet<string> files, int depth)
    {
        if (depth > 8) throw new InvalidOperationException($"imports nest deeper than 8 at {path}");
        var doc = XDocument.Load(path);
        string thisDir = Path.GetDirectoryName(path)! + "/";
        foreach (var element in doc.Root!.Elements())
        {
            switch (element.Name.LocalName)
            {
                case "PropertyGroup":
                    if (element.Attribute("Condition") != null) break;
                    foreach (var p in element.Elements())
                    {
                        if (p.Attribute("Condition") != null) continue;
                        if (TryExpand(p.Value, properties, thisDir, out var value)) properties[p.Name.LocalName] = value;
                    }
                    break;
                case "Import":
                    if (element.Attribute("Condition") != null) break;
                    var import = Normalize(Expand((string)element.Attribute("Project")!, properties, thisDir, path), thisDir);
                    Read(import, properties, files, depth + 1);
                    break;
                case "ItemGroup":
                    if (element.Attribute("Condition") != null) break;
                    foreach (var item in element.Elements().Where(e => e.Name.LocalName == "Compile"))
                    {
                        var include = Expand((string)item.Attribute("Include")!, properties, thisDir, path);
                        var exclude = (string?)item.Attribute("Exclude");
                        var excluded = new HashSet<string>(StringComparer.Ordinal);
                        if (exclude != null)
                            foreach (var pattern in Split(Expand(exclude, properties, thisDir, path)))
                                excluded.UnionWith(Glob(pattern, thisDir));
                        foreach (var pattern in Split(include))
                            foreach (var file in Glob(pattern, thisDir))
                                if (!excluded.Contains(file)) files.Add(file);
                    }
                    break;
            }
        }
    }

    private static IEnumerable<string> Split(string list) =>
        list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool TryExpand(string text, Dictionary<string, string> properties, string thisDir, out string value)
    {
        bool ok = true;
        value = PropertyRef.Replace(text, m =>
        {
            var name = m.Groups[1].Value;
            if (name.Equals("MSBuildThisFileDirectory", StringComparison.OrdinalIgnoreCase)) return thisDir;
            if (properties.TryGetValue(name, out var v)) return v;
            ok = false;
            return m.Value;
        });
        return ok;
    }

    private static string Expand(string text, Dictionary<string, string> properties, string thisDir, string file)
    {
        if (!TryExpand(text, properties, thisDir, out var value))
            throw new InvalidOperationException($"{file}: '{text}' uses a property this reader cannot resolve");
        return value;
    }

    private static string Normalize(string path, string relativeTo)
    {
        path = path.Replace('\\', '/');
        return Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(relativeTo, path)).Replace('\\', '/');
    }

    /// <summary>Files matching an MSBuild item pattern (relative to <paramref name="relativeTo"/>).</summary>
    public static IEnumerable<string> Glob(string pattern, string relativeTo)
    {
        pattern = pattern.Replace('\\', '/');
        int wild = pattern.IndexOfAny(['*', '?']);
        if (wild < 0)
        {
            var single = Normalize(pattern, relativeTo);
            return File.Exists(single) ? [single] : [];
        }
        int cut = pattern.LastIndexOf('/', wild);
        var baseDir = Normalize(cut < 0 ? "." : pattern[..cut], relativeTo);
        var rest = cut < 0 ? pattern : pattern[(cut + 1)..];
        if (!Directory.Exists(baseDir)) return [];
        var regex = new Regex("^" + Regex.Escape(rest)
            .Replace(@"\*\*/", "(?:.*/)?").Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]") + "$");
        return Directory.EnumerateFiles(baseDir, "*", SearchOption.AllDirectories)
            .Select(f => f.Replace('\\', '/'))
            .Where(f => regex.IsMatch(f[(baseDir.Length + 1)..]))
            .ToList();
    }
}

/// <summary>
/// The nanocheck gate as nanocheck.sh runs it: the compat projects named in its <c>gates=( ... )</c> list, and the
/// files those projects compile.
/// </summary>
public static class NanoGate
{
    private static readonly Regex GateLine = new("^\\s*\"([^|\"]*)\\|([^|\"]*)\\|");

    /// <summary>The compat project names in <paramref name="script"/>'s gates list.</summary>
    public static List<string> GatedProjects(string script)
    {
        var projects = new List<string>();
        bool inGates = false;
        foreach (var line in script.Split('\n'))
        {
            if (line.StartsWith("gates=(", StringComparison.Ordinal)) { inGates = true; continue; }
            if (!inGates) continue;
            if (line.TrimStart().StartsWith(')')) break;
            var m = GateLine.Match(line);
            if (m.Success) projects.Add(m.Groups[2].Value);
        }
        return projects;
    }

    /// <summary>Every file the gate compiles, given the script text and the NanoCompat folder.</summary>
    public static SortedSet<string> GatedFiles(string script, string nanoCompatDir)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var project in GatedProjects(script))
            files.UnionWith(ProjectSources.Compiled(Path.Combine(nanoCompatDir, project, project + ".csproj")));
        return files;
    }
}
