namespace CommsHub.Firmware.Nano.App
{
    /// <summary>
    /// The board's discrete I/O as the portable app uses it: three status LEDs, the tamper switch, the factory-reset
    /// button and the external watchdog's WDI line. The board implements it over System.Device.Gpio; every decision
    /// (blink patterns, debouncing, hold times, when to feed) is made by portable code that the Linux gate checks.
    /// </summary>
    public interface IBoardIo
    {
        /// <summary>Drives one status LED.</summary>
        void SetLed(StatusLed led, bool on);

        /// <summary>True while the enclosure is open (the tamper switch's contact is released).</summary>
        bool TamperOpen { get; }

        /// <summary>True while the factory-reset button is held down.</summary>
        bool ResetButtonDown { get; }

        /// <summary>Toggles the watchdog input (WDI); the supervisor resets the MCU when it stops toggling.</summary>
        void ToggleWatchdog();

        /// <summary>Writes one line to the debug console (never a key or a secret).</summary>
        void Log(string line);
    }
}
