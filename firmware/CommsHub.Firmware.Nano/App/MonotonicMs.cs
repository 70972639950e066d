namespace CommsHub.Firmware.Nano.App
{
    /// <summary>
    /// A millisecond count that never runs backwards and does not jump when SNTP sets the RTC: mscorlib 1.17.11 has
    /// no <c>Environment.TickCount</c>, so it is built from <c>DateTime.UtcNow</c> by adding only plausible steps. A
    /// step backwards, or forwards by more than <see cref="MaxStepMs"/>, is a clock set and counts as zero. Used for
    /// blink patterns, debouncing, hold times and the watchdog's stall check (relative durations only). Thread-safe.
    /// </summary>
    public sealed class MonotonicMs
    {
        /// <summary>Largest step between two reads that is taken as elapsed time (longer than any blocking call).</summary>
        public const long MaxStepMs = 60000;

        private readonly object _sync = new object();
        private long _lastRaw = long.MinValue;
        private long _now;

        /// <summary>Advances with the raw clock reading <paramref name="rawMs"/> and returns the monotonic count.</summary>
        public long Advance(long rawMs)
        {
            lock (_sync)
            {
                if (_lastRaw != long.MinValue)
                {
                    long step = rawMs - _lastRaw;
                    if (step > 0 && step <= MaxStepMs) _now += step;
                }
                _lastRaw = rawMs;
                return _now;
            }
        }

        /// <summary>Advances with the board clock.</summary>
        public long Now()
        {
            return Advance(System.DateTime.UtcNow.Ticks / System.TimeSpan.TicksPerMillisecond);
        }
    }
}
