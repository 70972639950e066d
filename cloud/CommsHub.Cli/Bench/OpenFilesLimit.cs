using System.Runtime.InteropServices;

namespace CommsHub.Cli.Bench;

/// <summary>
/// The open-files limit (RLIMIT_NOFILE) of this process, raised to its hard limit before the bench starts Mosquitto and
/// opens the idle hubs' sockets: children inherit it, and each idle hub is one descriptor here and one in the broker.
/// </summary>
internal static class OpenFilesLimit
{
    private const int RlimitNofile = 7; // Linux

    /// <summary>Raises the soft limit to the hard one; returns the soft limit now in force (null where it cannot be read).</summary>
    public static long? RaiseToHard()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            if (GetRlimit(RlimitNofile, out var limit) != 0) return null;
            if (limit.Current < limit.Max)
            {
                var raised = limit with { Current = limit.Max };
                if (SetRlimit(RlimitNofile, in raised) == 0) return (long)raised.Current;
            }
            return (long)limit.Current;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private record struct Rlimit(ulong Current, ulong Max);

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static extern int GetRlimit(int resource, out Rlimit limit);

    [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static extern int SetRlimit(int resource, in Rlimit limit);
}
