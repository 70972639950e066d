namespace CommsHub.Firmware.Nano.App
{
    /// <summary>
    /// One board's pin map (GPIO numbers as the nanoFramework target numbers them: ESP32 GPIOn = n; STM32
    /// port * 16 + pin, so PJ5 = 9 * 16 + 5). The values live in <c>Board/&lt;Board&gt;Pins.cs</c> and the tables in
    /// hardware/boards/&lt;board&gt;/README.md. <see cref="Check"/> refuses a map that uses a pin twice or a pin the board
    /// reserves (strapping, flash, PSRAM, console), so a wiring change cannot silently break boot.
    /// </summary>
    public sealed class BoardPins
    {
        /// <summary>Board name (as in hardware/boards/).</summary>
        public string Board;

        /// <summary>nanoFramework image (nanoff --target).</summary>
        public string Target;

        /// <summary>Serial port name of the NCP UART (e.g. COM2).</summary>
        public string NcpPort;

        /// <summary>NCP UART speed: 115200 8N1, the EmberZNet NCP default.</summary>
        public int NcpBaud = 115200;

        /// <summary>True when the UART does RTS/CTS in hardware (ESP32); false when the NCP image must use XON/XOFF.</summary>
        public bool NcpHardwareFlowControl;

        /// <summary>MCU TX -> NCP RX.</summary>
        public int NcpTx;

        /// <summary>NCP TX -> MCU RX.</summary>
        public int NcpRx;

        /// <summary>MCU RTS -> NCP CTS.</summary>
        public int NcpRts;

        /// <summary>NCP RTS -> MCU CTS.</summary>
        public int NcpCts;

        /// <summary>NCP nRESET (open drain, active low).</summary>
        public int NcpReset;

        /// <summary>NCP nWAKE (active low).</summary>
        public int NcpWake;

        /// <summary>Green Run LED.</summary>
        public int LedRun;

        /// <summary>Blue WAN LED.</summary>
        public int LedWan;

        /// <summary>Red Fault LED.</summary>
        public int LedFault;

        /// <summary>True when the LEDs light on a high level.</summary>
        public bool LedActiveHigh = true;

        /// <summary>Tamper switch input (closed = lid shut = low, with a pull-up).</summary>
        public int Tamper;

        /// <summary>Factory-reset button input.</summary>
        public int ResetButton;

        /// <summary>True when the reset button reads high while pressed (otherwise low, with a pull-up).</summary>
        public bool ResetButtonActiveHigh;

        /// <summary>Watchdog input (WDI) of the supervisor.</summary>
        public int WatchdogWdi;

        /// <summary>Pins the board reserves (strapping, flash, PSRAM, console UART, USB): never used above.</summary>
        public int[] Reserved;

        /// <summary>Pins that are input-only on this MCU (no output driver, no internal pull-up): never used as outputs.</summary>
        public int[] InputOnly;

        /// <summary>Every pin the map uses, in field order.</summary>
        public int[] Used()
        {
            return new int[] { NcpTx, NcpRx, NcpRts, NcpCts, NcpReset, NcpWake, LedRun, LedWan, LedFault, Tamper, ResetButton, WatchdogWdi };
        }

        /// <summary>The pins driven as outputs.</summary>
        public int[] Outputs()
        {
            return new int[] { NcpTx, NcpRts, NcpReset, NcpWake, LedRun, LedWan, LedFault, WatchdogWdi };
        }

        /// <summary>Returns null when the map is sound, else what is wrong with it.</summary>
        public string Check()
        {
            int[] used = Used();
            for (int i = 0; i < used.Length; i++)
            {
                if (used[i] < 0) return "pin " + i + " is unassigned";
                for (int j = i + 1; j < used.Length; j++)
                    if (used[i] == used[j]) return "pin " + used[i] + " is used twice";
                if (Contains(Reserved, used[i])) return "pin " + used[i] + " is reserved on " + Board;
            }
            int[] outputs = Outputs();
            for (int i = 0; i < outputs.Length; i++)
                if (Contains(InputOnly, outputs[i])) return "pin " + outputs[i] + " is input-only on " + Board;
            return null;
        }

        private static bool Contains(int[] set, int pin)
        {
            if (set == null) return false;
            for (int i = 0; i < set.Length; i++) if (set[i] == pin) return true;
            return false;
        }
    }
}
