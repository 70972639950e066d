using System.Collections;
using CommsHub.Firmware.SelfTest.Checks;

namespace CommsHub.Firmware.SelfTest
{
    /// <summary>The checks a board runs, in order: codec and crypto paths first, then storage, then the engine.</summary>
    public static class SelfTestSuite
    {
        /// <summary>Every check.</summary>
        public static ISelfTestCheck[] All()
        {
            ArrayList all = new ArrayList();
            Add(all, FrameCases.All());
            Add(all, DeviceLogChecks.All());
            Add(all, EngineSuite.All());
            ISelfTestCheck[] result = new ISelfTestCheck[all.Count];
            for (int i = 0; i < result.Length; i++) result[i] = (ISelfTestCheck)all[i];
            return result;
        }

        private static void Add(ArrayList list, ISelfTestCheck[] checks)
        {
            for (int i = 0; i < checks.Length; i++) list.Add(checks[i]);
        }
    }
}
