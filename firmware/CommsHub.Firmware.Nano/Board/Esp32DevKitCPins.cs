using CommsHub.Firmware.Nano.App;

namespace CommsHub.Firmware.Nano.Board
{
    /// <summary>
    /// ESP32-DevKitC with an ESP32-WROVER-E module (PSRAM; image ESP32_PSRAM_REV3). Table and reasons:
    /// hardware/boards/esp32-devkitc/README.md. Avoided: strapping pins GPIO0, 2, 5, 12, 15; flash GPIO6-11;
    /// GPIO16/17 (the WROVER's PSRAM); GPIO1/3 (UART0: nanoFramework's debugger/wire protocol).
    /// </summary>
    public static class Esp32DevKitCPins
    {
        /// <summary>The pin map.</summary>
        public static BoardPins Create()
        {
            BoardPins p = new BoardPins();
            p.Board = "esp32-devkitc";
            p.Target = "ESP32_PSRAM_REV3";
            p.NcpPort = "COM2";        // UART1, routed to the pins below with Configuration.SetPinFunction
            p.NcpBaud = 115200;        // EmberZNet NCP UART default, 8N1
            p.NcpHardwareFlowControl = true;
            p.NcpTx = 25;
            p.NcpRx = 26;
            p.NcpRts = 27;
            p.NcpCts = 13;
            p.NcpReset = 32;
            p.NcpWake = 33;
            p.LedRun = 18;
            p.LedWan = 19;
            p.LedFault = 21;
            p.Tamper = 34;             // input-only: 10 kOhm external pull-up to 3V3 (no internal pull-up on 34-39)
            p.ResetButton = 35;        // input-only: 10 kOhm external pull-up, button to GND
            p.ResetButtonActiveHigh = false;
            p.WatchdogWdi = 22;
            p.Reserved = new int[] { 0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16, 17 };
            p.InputOnly = new int[] { 34, 35, 36, 37, 38, 39 };
            return p;
        }
    }
}
