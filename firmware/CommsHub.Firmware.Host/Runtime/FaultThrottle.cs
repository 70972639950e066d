namespace CommsHub.Firmware.Host.Runtime;

/// <summary>
/// Decides which of a hub loop's faults are written to the log. A fault that persists (a full disk, a dead serial port)
/// recurs on every 50 ms tick and every frame: logged each time it would be twenty stack traces a second for each hub of
/// a process running thousands. The first of a kind (same exception type and message) is logged; repeats within
/// <see cref="Window"/> are counted, and the next one logged after it says how many were left out. Not thread-safe: one
/// hub's loop uses it.
/// </summary>
public sealed class FaultThrottle
{
    // Kinds remembered at once. A loop throwing ever new messages (each with a counter or an address in it) must not
    // grow this without bound: when full it starts afresh, at worst logging a kind again early.
    private const int MaxKinds = 32;

    private readonly Func<long> _milliseconds;
    private readonly Dictionary<(Type, string), Kind> _kinds = new();

    /// <summary>Creates a throttle reading time from <paramref name="milliseconds"/> (a monotonic clock).</summary>
    public FaultThrottle(TimeSpan window, Func<long> milliseconds)
    {
        if (window < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(window), window, "a window cannot be negative");
        Window = window;
        _milliseconds = milliseconds ?? throw new ArgumentNullException(nameof(milliseconds));
    }

    /// <summary>How long repeats of a logged fault are only counted.</summary>
    public TimeSpan Window { get; }

    /// <summary>
    /// True when <paramref name="fault"/> should be logged now; <paramref name="leftOut"/> is then how many of its kind
    /// were not logged since the last that was.
    /// </summary>
    public bool ShouldLog(Exception fault, out int leftOut)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var now = _milliseconds();
        var key = (fault.GetType(), fault.Message);
        if (_kinds.TryGetValue(key, out var kind) && now - kind.LoggedAt < (long)Window.TotalMilliseconds)
        {
            kind.LeftOut++;
            leftOut = 0;
            return false;
        }
        leftOut = kind?.LeftOut ?? 0;
        if (kind is null && _kinds.Count >= MaxKinds) _kinds.Clear();
        _kinds[key] = new Kind { LoggedAt = now };
        return true;
    }

    private sealed class Kind
    {
        public long LoggedAt;
        public int LeftOut;
    }
}
