namespace CommsHub.Firmware.SelfTest.Checks
{
    /// <summary>The engine-level checks in running order: anti-replay first, then CHF command handling, then events.</summary>
    public static class EngineSuite
    {
        /// <summary>Anti-replay and engine checks.</summary>
        public static ISelfTestCheck[] All()
        {
            ISelfTestCheck[] replay = AntiReplayChecks.All();
            ISelfTestCheck[] engine = EngineChecks.All();
            ISelfTestCheck[] events = EngineEventChecks.All();
            ISelfTestCheck[] all = new ISelfTestCheck[replay.Length + engine.Length + events.Length];
            int n = 0;
            for (int i = 0; i < replay.Length; i++) all[n++] = replay[i];
            for (int i = 0; i < engine.Length; i++) all[n++] = engine[i];
            for (int i = 0; i < events.Length; i++) all[n++] = events[i];
            return all;
        }
    }
}
