namespace CommsHub.Firmware.Nano.App
{
    /// <summary>
    /// Feeds the external watchdog (a supervisor IC on a GPIO line, hardware/boards/*/README.md) only while the main
    /// loop proves it is alive: the loop calls <see cref="LoopAlive"/> each pass and <see cref="Tick"/>, run from
    /// a timer every <see cref="FeedIntervalMs"/>, toggles WDI
    /// only if that happened within <see cref="StallMs"/>. A hung loop therefore stops the feeding and the supervisor
    /// resets the board, even if a timer thread is still running.
    /// </summary>
    public sealed class WatchdogFeeder
    {
        /// <summary>
        /// Longest gap between loop passes before feeding stops. The loop legitimately blocks in a broker connect
        /// (TCP + TLS handshake, bounded by M2Mqtt's own timeout), so this must exceed that; a loop stuck longer is
        /// reset <see cref="StallMs"/> + the supervisor's timeout later.
        /// </summary>
        public const int StallMs = 30000;

        /// <summary>How often the board's timer calls <see cref="Tick"/> (well inside the TPS3823's timeout, 1.6 s typical).</summary>
        public const int FeedIntervalMs = 500;

        private readonly IBoardIo _io;
        private long _lastAlive = -1;
        private readonly object _sync = new object();

        /// <summary>Feeds the watchdog of <paramref name="io"/>.</summary>
        public WatchdogFeeder(IBoardIo io)
        {
            if (io == null) throw new System.ArgumentNullException("io");
            _io = io;
        }

        /// <summary>Number of times WDI was toggled.</summary>
        public long Feeds { get; private set; }

        /// <summary>The main loop completed a pass at <paramref name="nowMs"/>.</summary>
        public void LoopAlive(long nowMs) { lock (_sync) { _lastAlive = nowMs; } }

        /// <summary>Feeds the watchdog if the loop was alive recently. Returns whether it fed.</summary>
        public bool Tick(long nowMs)
        {
            lock (_sync)
            {
                if (_lastAlive < 0 || nowMs - _lastAlive > StallMs) return false;
            }
            _io.ToggleWatchdog();
            Feeds++;
            return true;
        }
    }
}
