using CommsHub.Firmware.Nano.App;

namespace CommsHub.Firmware.Nano.Board
{
    /// <summary>
    /// ESP32-S3-DevKitC-1 with an N16R8 / N8R8 module (octal PSRAM; image ESP32_S3_OCTAL). Table and reasons:
    /// hardware/boards/esp32-s3/README.md. Avoided: strapping pins GPIO0, 3, 45, 46; SPI flash GPIO26-32; octal
    /// PSRAM GPIO33-37; USB GPIO19/20; UART0 GPIO43/44 (wire protocol); the RGB LED's GPIO38 (v1.1) and GPIO48 (v1.0).
    /// </summary>
    public static class Esp32S3Pins
    {
        /// <summary>The pin map.</summary>
        public static BoardPins Create()
        {
            BoardPins p = new BoardPins();
            p.Board = "esp32-s3";
            p.Target = "ESP32_S3_OCTAL";
            p.NcpPort = "COM2";        // UART1, routed with Configuration.SetPinFunction
            p.NcpBaud = 115200;        // EmberZNet NCP UART default, 8N1
            p.NcpHardwareFlowControl = true;
            p.NcpTx = 17;
            p.NcpRx = 18;
            p.NcpRts = 15;
            p.NcpCts = 16;
            p.NcpReset = 4;
            p.NcpWake = 5;
            p.LedRun = 6;
            p.LedWan = 7;
            p.LedFault = 8;
            p.Tamper = 9;              // internal pull-up
            p.ResetButton = 10;        // internal pull-up, button to GND
            p.ResetButtonActiveHigh = false;
            p.WatchdogWdi = 11;
            p.Reserved = new int[] { 0, 3, 19, 20, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 43, 44, 45, 46, 48 };
            p.InputOnly = new int[0];
            return p;
        }
    }
}
