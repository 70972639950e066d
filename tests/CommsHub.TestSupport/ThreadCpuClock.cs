using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CommsHub.TestSupport;

/// <summary>
/// The processor time the calling thread spends on some work: a measure of work done that, unlike wall-clock time, does
/// not grow when other processes load the machine. Linux reads the thread's own clock; elsewhere it falls back to
/// wall-clock time, which only errs towards slower.
/// </summary>
public static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Runs <paramref name="work"/> on this thread and returns the processor time it took.</summary>
    public static TimeSpan Measure(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var wall = Stopwatch.StartNew();
        var start = Now();
        work();
        var end = Now();
        return start is { } s && end is { } e ? e - s : wall.Elapsed;
    }

    private static TimeSpan? Now()
    {
        if (!OperatingSystem.IsLinux() || clock_gettime(ClockThreadCpuTimeId, out var t) != 0) return null;
        return TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clockId, out Timespec time);
}
