namespace CommsHub.Firmware.Nano.App
{
    /// <summary>The hub's status LEDs (hardware/boards/*/README.md gives their pins and colours).</summary>
    public enum StatusLed
    {
        /// <summary>Green: power and the main loop (heartbeat).</summary>
        Run = 0,

        /// <summary>Blue: WAN (on = broker connected; blinking = connecting).</summary>
        Wan = 1,

        /// <summary>Red: fault (tamper, self-test failure, factory reset pending).</summary>
        Fault = 2,
    }
}
