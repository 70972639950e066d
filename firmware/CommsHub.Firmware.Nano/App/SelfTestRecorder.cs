using CommsHub.Firmware.SelfTest;

namespace CommsHub.Firmware.Nano.App
{
    /// <summary>
    /// Passes the self-test's lines on and keeps its verdict line (<c>SELFTEST PASS n/n</c> or
    /// <c>SELFTEST FAIL &lt;check&gt;</c>), which first-boot provisioning stores and reports (hardware/boards/*/README.md).
    /// </summary>
    public sealed class SelfTestRecorder : ISelfTestOutput
    {
        private readonly ISelfTestOutput _next;
        private readonly WatchdogFeeder _watchdog;
        private readonly MonotonicMs _clock;

        /// <summary>
        /// Forwards every line to <paramref name="next"/> (may be null). Each line (one per check) also counts as loop
        /// liveness for <paramref name="watchdog"/> (may be null), so a long suite is not mistaken for a hang.
        /// </summary>
        public SelfTestRecorder(ISelfTestOutput next, WatchdogFeeder watchdog, MonotonicMs clock)
        {
            _next = next;
            _watchdog = watchdog;
            _clock = clock;
        }

        /// <summary>The last line starting with <c>SELFTEST </c>, or null before the run ends.</summary>
        public string Verdict { get; private set; }

        /// <inheritdoc />
        public void WriteLine(string line)
        {
            if (_watchdog != null && _clock != null) _watchdog.LoopAlive(_clock.Now());
            if (line != null && line.StartsWith("SELFTEST ")) Verdict = line;
            if (_next != null) _next.WriteLine(line);
        }

        /// <summary>Runs every check of the suite; true when all passed.</summary>
        public bool RunSuite()
        {
            return new SelfTestRunner(this).Run(SelfTestSuite.All());
        }
    }
}
