using System;

namespace CommsHub.Firmware.SelfTest
{
    /// <summary>
    /// Runs checks in order, isolating each (an exception fails that check only), and prints
    /// <c>PASS name</c> / <c>FAIL name: reason</c> lines, then the summary line CI and a hardware developer read.
    /// </summary>
    public sealed class SelfTestRunner
    {
        private readonly ISelfTestOutput _output;

        /// <summary>Creates a runner writing to <paramref name="output"/>.</summary>
        public SelfTestRunner(ISelfTestOutput output)
        {
            _output = output;
        }

        /// <summary>Runs all checks; true when every one passed.</summary>
        public bool Run(ISelfTestCheck[] checks)
        {
            int passed = 0;
            string firstFailure = null;
            for (int i = 0; i < checks.Length; i++)
            {
                string failure;
                try
                {
                    failure = checks[i].Run();
                }
                catch (Exception ex)
                {
                    failure = ex.GetType().Name + ": " + ex.Message;
                }
                if (failure == null)
                {
                    passed++;
                    _output.WriteLine("PASS " + checks[i].Name);
                }
                else
                {
                    if (firstFailure == null) firstFailure = checks[i].Name;
                    _output.WriteLine("FAIL " + checks[i].Name + ": " + failure);
                }
            }
            if (firstFailure == null && checks.Length > 0)
            {
                _output.WriteLine("SELFTEST PASS " + passed.ToString() + "/" + checks.Length.ToString());
                return true;
            }
            _output.WriteLine("SELFTEST FAIL " + (firstFailure == null ? "no checks" : firstFailure));
            return false;
        }
    }
}
