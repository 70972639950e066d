using System.Globalization;

namespace CommsHub.Cli.Bench;

/// <summary>
/// Where a process's CPU goes, by thread name, from Linux's <c>/proc/&lt;pid&gt;/task/*/stat</c> (names are cut to 15
/// characters by the kernel): .NET thread-pool workers, the GC, the console logger's queue thread, the SQLite
/// checkpointer, the main thread. Threads that ended between the two samples are missed, so the groups may sum to less
/// than the process's total.
/// </summary>
internal static class ThreadUsage
{
    /// <summary>CPU seconds so far per thread id, with its name; empty where /proc cannot be read.</summary>
    public static Dictionary<int, (string Name, double CpuSeconds)> Sample(int pid)
    {
        var threads = new Dictionary<int, (string, double)>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    int open = stat.IndexOf('('), close = stat.LastIndexOf(')');
                    var name = stat[(open + 1)..close];
                    var fields = stat[(close + 2)..].Split(' ');
                    double cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
                    threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = (name, cpu);
                }
                catch (Exception e) when (e is IOException or FormatException or ArgumentOutOfRangeException)
                {
                    // The thread ended while we looked.
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return threads;
    }

    /// <summary>CPU seconds spent between two samples, grouped by thread name, largest first.</summary>
    public static IReadOnlyList<ThreadGroup> Between(Dictionary<int, (string Name, double CpuSeconds)> start, Dictionary<int, (string Name, double CpuSeconds)> end) =>
        end.Select(kv => (kv.Value.Name, Cpu: kv.Value.CpuSeconds - (start.TryGetValue(kv.Key, out var s) && s.Name == kv.Value.Name ? s.CpuSeconds : 0)))
            .GroupBy(t => t.Name)
            .Select(g => new ThreadGroup(g.Key, g.Count(), g.Sum(t => t.Cpu)))
            .Where(g => g.CpuSeconds > 0)
            .OrderByDescending(g => g.CpuSeconds)
            .ToList();
}

/// <summary>Threads of one name and the CPU they used in the measured window.</summary>
/// <param name="Name">The thread name as the kernel keeps it.</param>
/// <param name="Threads">How many threads had that name at the end.</param>
/// <param name="CpuSeconds">CPU seconds they used.</param>
internal sealed record ThreadGroup(string Name, int Threads, double CpuSeconds);
