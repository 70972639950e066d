namespace CommsHub.Firmware.Nano.App
{
    /// <summary>
    /// The enclosure tamper switch: an opening counts once it has read open for <see cref="DebounceMs"/> without a
    /// break, and latches until the hub is re-provisioned (a closed lid does not undo an opening). Sampled from the
    /// main loop.
    /// </summary>
    public sealed class TamperLatch
    {
        /// <summary>How long the switch must read open to count (filters vibration).</summary>
        public const int DebounceMs = 200;

        private long _openSince = -1;

        /// <summary>True once an opening has been seen.</summary>
        public bool Tripped { get; private set; }

        /// <summary>Feeds one sample taken at <paramref name="nowMs"/> (monotonic). True exactly once, when the latch trips.</summary>
        public bool Sample(bool open, long nowMs)
        {
            if (!open) { _openSince = -1; return false; }
            if (_openSince < 0) _openSince = nowMs;
            if (Tripped || nowMs - _openSince < DebounceMs) return false;
            Tripped = true;
            return true;
        }
    }
}
