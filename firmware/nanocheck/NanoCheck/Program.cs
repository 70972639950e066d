using CommsHub.NanoCheck;

return NanoCheckCli.Run(args, Console.Out, Console.Error);

namespace CommsHub.NanoCheck
{
    /// <summary>Command line: <c>nanocheck [--allow Name[,Name...]]... assembly.dll...</c></summary>
    public static class NanoCheckCli
    {
        public const string Usage =
            "usage: nanocheck [--allow AssemblyName[,AssemblyName...]]... <assembly.dll>...\n" +
            "  Fails (exit 1) on references other than mscorlib and --allow names, on any generic definition or\n" +
            "  instantiation, and on IL opcodes nanoCLR 1.x lacks. Exit 2 on usage or I/O errors.";

        /// <summary>Runs the tool; returns 0 (all OK), 1 (findings) or 2 (usage / unreadable input).</summary>
        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            var allowed = new List<string>();
            var paths = new List<string>();
            for (var i = 0; i < args.Length; i++)
            {
                var a = args[i];
                if (a is "-h" or "--help") { stdout.WriteLine(Usage); return 0; }
                if (a is "--allow" or "-a")
                {
                    if (++i >= args.Length) { stderr.WriteLine("nanocheck: --allow needs a value\n" + Usage); return 2; }
                    a = "--allow=" + args[i];
                }
                if (a.StartsWith("--allow=", StringComparison.Ordinal))
                    allowed.AddRange(a["--allow=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                else if (a.StartsWith('-')) { stderr.WriteLine($"nanocheck: unknown option {a}\n" + Usage); return 2; }
                else paths.Add(a);
            }
            if (paths.Count == 0) { stderr.WriteLine(Usage); return 2; }

            var exit = 0;
            foreach (var path in paths)
            {
                CheckResult result;
                try { result = MetadataRules.Check(path, allowed); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException)
                {
                    stderr.WriteLine($"nanocheck: cannot read {path}: {e.Message}");
                    exit = 2;
                    continue;
                }
                foreach (var line in result.Lines()) stdout.WriteLine(line);
                if (!result.Ok)
                {
                    stderr.WriteLine($"NANOCHECK FAILED {result.AssemblyFile}: {result.Findings.Count} finding(s)");
                    exit = Math.Max(exit, 1);
                }
            }
            return exit;
        }
    }
}
