using System;

namespace CommsHub.Firmware.SelfTest
{
    /// <summary>Entry point: runs every check, prints one line each, then <c>SELFTEST PASS n/n</c> or <c>SELFTEST FAIL &lt;check&gt;</c>.</summary>
    public static class Program
    {
        /// <summary>Runs the self-test; the exit code is 0 only when every check passed.</summary>
        public static int Main()
        {
            SelfTestRunner runner = new SelfTestRunner(new ConsoleOutput());
            return runner.Run(SelfTestSuite.All()) ? 0 : 1;
        }
    }
}
