using CommsHub.Firmware.Nano.App;

namespace CommsHub.Firmware.Nano.Board
{
    /// <summary>
    /// STM32F769I-DISCO (image ST_STM32F769I_DISCOVERY). Pin numbers are port * 16 + pin (PA = 0 ... PJ = 9). The NCP
    /// sits on the Arduino header: USART6 (COM6) on D1 = PC6 (TX) and D0 = PC7 (RX), enabled in the target's nanoCLR
    /// (mcuconf.h: STM32_UART_USE_USART6 TRUE). Table: hardware/boards/stm32f769i-disco/README.md. Avoided: USART1
    /// PA9/PA10 (ST-LINK virtual COM: the wire protocol), PA13/PA14 (SWD), and the pins of the on-board Ethernet,
    /// SDRAM, QSPI and display (none is on the Arduino header pins used here).
    /// </summary>
    public static class Stm32F769DiscoPins
    {
        private const int PA = 0, PC = 2 * 16, PF = 5 * 16, PH = 7 * 16, PJ = 9 * 16;

        /// <summary>The pin map.</summary>
        public static BoardPins Create()
        {
            BoardPins p = new BoardPins();
            p.Board = "stm32f769i-disco";
            p.Target = "ST_STM32F769I_DISCOVERY";
            p.NcpPort = "COM6";
            p.NcpBaud = 115200;        // EmberZNet NCP UART default, 8N1
            p.NcpHardwareFlowControl = false;
            p.NcpTx = PC + 6;          // Arduino D1
            p.NcpRx = PC + 7;          // Arduino D0
            p.NcpRts = PJ + 0;         // Arduino D4, GPIO-driven
            p.NcpCts = PF + 6;         // Arduino D3, GPIO-read
            p.NcpReset = PC + 8;       // Arduino D5
            p.NcpWake = PF + 7;        // Arduino D6
            p.LedRun = PJ + 5;         // LD2 green (on board)
            p.LedWan = PJ + 3;         // Arduino D7: external blue LED
            p.LedFault = PJ + 13;      // LD1 red (on board)
            p.Tamper = PJ + 4;         // Arduino D8, internal pull-up
            p.ResetButton = PA + 0;    // B1 blue user button (reads high when pressed)
            p.ResetButtonActiveHigh = true;
            p.WatchdogWdi = PH + 6;    // Arduino D9
            p.Reserved = new int[] { PA + 9, PA + 10, PA + 13, PA + 14 };
            p.InputOnly = new int[0];
            return p;
        }
    }
}
