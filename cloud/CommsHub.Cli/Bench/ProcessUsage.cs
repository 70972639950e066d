using System.Globalization;

namespace CommsHub.Cli.Bench;

/// <summary>
/// CPU time and memory of one process from Linux's <c>/proc/&lt;pid&gt;</c>: user + system CPU (all threads) and the
/// resident set now and at its peak; and two counts that do not depend on the machine's load: the read and write system
/// calls (<c>io</c>: syscr + syscw; files, such as SQLite's and the virtual hubs' flash images: socket recv/send calls are
/// not counted there) and the context switches of its live threads (voluntary ones are mostly wake-ups). Elsewhere (no /proc) every figure is 0 and <see cref="Available"/> is false.
/// </summary>
internal sealed record ProcessSample(double CpuSeconds, long RssBytes, long PeakRssBytes, long IoCalls = 0, long ContextSwitches = 0)
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
            return new ProcessSample(cpu, rss, peak, IoCallsOf(pid), ContextSwitchesOf(pid));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return new ProcessSample(0, 0, 0) { Available = false };
        }
    }

    // syscr + syscw (read/pread/write/pwrite and kin; recvfrom/sendto do not count); 0 where io is not readable.
    private static long IoCallsOf(int pid)
    {
        try
        {
            long calls = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/io"))
            {
                if (line.StartsWith("syscr:", StringComparison.Ordinal) || line.StartsWith("syscw:", StringComparison.Ordinal))
                    calls += long.Parse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
            }
            return calls;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    // Summed over the threads alive now (a thread that ended takes its count with it: the runtimes' pools keep theirs).
    private static long ContextSwitchesOf(int pid)
    {
        long switches = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                        switches += long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The thread ended while being read.
            }
        }
        return switches;
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
/// <param name="IoCalls">Read and write system calls on files in the window (not socket recv/send).</param>
/// <param name="ContextSwitches">Context switches of its threads in the window (threads alive at both ends).</param>
internal sealed record ProcessUsage(string Name, int Pid, double CpuSeconds, double CpuCores, double RssMiB, double PeakRssMiB,
    long IoCalls = 0, long ContextSwitches = 0)
{
    /// <summary>The usage between two samples of the same process.</summary>
    public static ProcessUsage Between(string name, int pid, ProcessSample start, ProcessSample end, double seconds) =>
        new(name, pid, end.CpuSeconds - start.CpuSeconds, seconds > 0 ? (end.CpuSeconds - start.CpuSeconds) / seconds : 0,
            end.RssBytes / 1048576.0, end.PeakRssBytes / 1048576.0, end.IoCalls - start.IoCalls, end.ContextSwitches - start.ContextSwitches);
}
