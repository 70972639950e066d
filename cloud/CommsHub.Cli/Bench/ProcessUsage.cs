using System.Globalization;

namespace CommsHub.Cli.Bench;

/// <summary>
/// CPU time and memory of one process from Linux's <c>/proc/&lt;pid&gt;</c>: user + system CPU (all threads) and the
/// resident set now and at its peak. Elsewhere (no /proc) every figure is 0 and <see cref="Available"/> is false.
/// </summary>
internal sealed record ProcessSample(double CpuSeconds, long RssBytes, long PeakRssBytes)
{
    // USER_HZ is 100 on every Linux the project runs on (the kernel's ABI value, whatever CONFIG_HZ is).
    private const double TicksPerSecond = 100;

    /// <summary>True when /proc could be read.</summary>
    public bool Available { get; init; } = true;

    /// <summary>Reads process <paramref name="pid"/> now.</summary>
    public static ProcessSample Of(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces) start after the last ')': state is field 3.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            long rss = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line);
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line);
            }
            return new ProcessSample(cpu, rss, peak);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return new ProcessSample(0, 0, 0) { Available = false };
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}

/// <summary>One process of the run over the measured window: CPU used in it and memory at its end.</summary>
/// <param name="Name">adapter, hubs or bench (users and the measuring itself).</param>
/// <param name="Pid">Its process id.</param>
/// <param name="CpuSeconds">CPU seconds (all threads, user + system) spent in the window.</param>
/// <param name="CpuCores">CpuSeconds / window seconds: cores kept busy on average.</param>
/// <param name="RssMiB">Resident set at the end of the window, MiB.</param>
/// <param name="PeakRssMiB">Peak resident set of the process's life, MiB.</param>
internal sealed record ProcessUsage(string Name, int Pid, double CpuSeconds, double CpuCores, double RssMiB, double PeakRssMiB)
{
    /// <summary>The usage between two samples of the same process.</summary>
    public static ProcessUsage Between(string name, int pid, ProcessSample start, ProcessSample end, double seconds) =>
        new(name, pid, end.CpuSeconds - start.CpuSeconds, seconds > 0 ? (end.CpuSeconds - start.CpuSeconds) / seconds : 0,
            end.RssBytes / 1048576.0, end.PeakRssBytes / 1048576.0);
}
