namespace CommsHub.Cli.Requests;

/// <summary>
/// RequestID counters from the clock: milliseconds x 1000 (as DCC Boxed tooling does), so they lie above any counter an
/// earlier run of this tool or the demo used, and strictly growing within this process, as the adapter's replay guard
/// wants (it refuses a counter it has seen with E1).
/// </summary>
internal static class RequestCounter
{
    private static long _last;

    /// <summary>The next counter.</summary>
    public static ulong Next(TimeProvider? clock = null)
    {
        // The random low digits keep two processes started in the same millisecond apart.
        var now = (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds() * 1000 + Random.Shared.Next(1000);
        while (true)
        {
            var last = Interlocked.Read(ref _last);
            var next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref _last, next, last) == last) return (ulong)next;
        }
    }
}
