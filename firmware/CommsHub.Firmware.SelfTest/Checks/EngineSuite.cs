namespace CommsHub.Firmware.SelfTest.Checks
{
    /// <summary>The engine-level checks in running order: anti-replay first, then CHF command handling.</summary>
    public static class EngineSuite
    {
        /// <summary>Anti-replay and engine checks.</summary>
        public static ISelfTestCheck[] All()
        {
            ISelfTestCheck[] replay = AntiReplayChecks.All();
            ISelfTestCheck[] engine = EngineChecks.All();
            ISelfTestCheck[] all = new ISelfTestCheck[replay.Length + engine.Length];
            for (int i = 0; i < replay.Length; i++) all[i] = replay[i];
            for (int i = 0; i < engine.Length; i++) all[replay.Length + i] = engine[i];
            return all;
        }
    }
}
