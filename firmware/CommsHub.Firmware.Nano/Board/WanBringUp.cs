using System.Threading;
using nanoFramework.Networking;

namespace CommsHub.Firmware.Nano.Board
{
    /// <summary>
    /// Brings the WAN interface up with DHCP and waits for SNTP (TLS certificate checks and GBCS timestamps need the
    /// time): Wi-Fi through System.Device.Wifi's WifiNetworkHelper, Ethernet (STM32F769I-DISCO's on-board PHY) or a
    /// configuration stored by <c>nanoff --networkdeployment</c> through System.Net's NetworkHelper.
    /// </summary>
    public static class WanBringUp
    {
        /// <summary>How long one attempt may take (the watchdog feeder tolerates 30 s of loop silence).</summary>
        public const int TimeoutMs = 25000;

        /// <summary>One attempt; true when an address and the time were obtained.</summary>
        public static bool TryConnect(bool wifi, string ssid, string password)
        {
            CancellationTokenSource cts = new CancellationTokenSource(TimeoutMs);
            if (wifi) return WifiNetworkHelper.ConnectDhcp(ssid, password, requiresDateTime: true, token: cts.Token);
            return NetworkHelper.SetupAndConnectNetwork(cts.Token, true);
        }
    }
}
