using CommsHub.Fuzz;
using SharpFuzz;

// Entry point of the fuzz targets (see README.md):
//   list                        the targets
//   seeds TARGET DIR            writes TARGET's seed corpus (built from ../shared/vectors) into DIR
//   fuzz TARGET                 the afl-fuzz loop (SharpFuzz out-of-process server: survives stack overflows and hangs)
//   replay TARGET FILE|DIR...   runs saved inputs once each; prints any exception; exit 1 if one was a crash
if (args.Length == 0) return Usage();
try
{
    switch (args[0])
    {
        case "list" when args.Length == 1:
            foreach (var t in FuzzTargets.All) Console.WriteLine($"{t.Name,-16} {t.Summary}");
            return 0;
        case "seeds" when args.Length == 3:
            return WriteSeeds(FuzzTargets.Find(args[1]), args[2]);
        case "fuzz" when args.Length == 2:
            var target = FuzzTargets.Find(args[1]);
            // Nothing of the instrumented assemblies may run before Run has mapped afl's coverage map (their probes
            // write to it), so each target loads its schemas and keys lazily, on its first input.
            Fuzzer.OutOfProcess.Run(stream => target.Execute(ReadAll(stream)));
            return 0;
        case "replay" when args.Length >= 3:
            return Replay(FuzzTargets.Find(args[1]), args[2..]);
        default:
            return Usage();
    }
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine("usage: CommsHub.Fuzz list | seeds TARGET DIR | fuzz TARGET | replay TARGET FILE|DIR...");
    Console.Error.WriteLine("targets: " + string.Join(", ", FuzzTargets.Names));
    return 2;
}

static byte[] ReadAll(Stream stream)
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    return buffer.ToArray();
}

static int WriteSeeds(FuzzTarget target, string folder)
{
    Directory.CreateDirectory(folder);
    var seeds = target.Seeds();
    foreach (var seed in seeds) File.WriteAllBytes(Path.Combine(folder, seed.Name), seed.Data);
    Console.WriteLine($"{target.Name}: {seeds.Count} seed input(s) in {folder}");
    return seeds.Count > 0 ? 0 : 1;
}

static int Replay(FuzzTarget target, string[] paths)
{
    var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p).Order(StringComparer.Ordinal) : (IEnumerable<string>)[p]).ToList();
    int crashes = 0, accepted = 0;
    foreach (var file in files)
    {
        try
        {
            if (target.Execute(File.ReadAllBytes(file))) accepted++;
        }
        catch (Exception ex)
        {
            crashes++;
            Console.WriteLine($"{target.Name}: CRASH on {file}:");
            Console.WriteLine(ex);
        }
    }
    Console.WriteLine($"{target.Name}: replayed {files.Count} input(s): {accepted} accepted, {files.Count - accepted - crashes} refused, {crashes} crash(es)");
    return crashes == 0 ? 0 : 1;
}
