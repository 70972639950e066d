using CommsHub.Firmware.Core.Wan;

namespace CommsHub.Firmware.Nano.App
{
    /// <summary>
    /// Turns the hub's state into LED levels, once per loop tick: Run blinks at 1 Hz while the loop runs (a frozen
    /// LED means a hung loop), Wan is steady when connected, blinks at 2 Hz while
    /// disconnected (retrying) and is off once the link is stopped, Fault is steady on
    /// tamper or a failed self-test, blinks fast while the factory-reset button is being held and blinks at 1 Hz while
    /// the hub runs without a radio (no NCP answered its reset: <see cref="HanRadioState.NoRadio"/>).
    /// </summary>
    public sealed class StatusIndicator
    {
        private readonly IBoardIo _io;

        /// <summary>Drives the LEDs of <paramref name="io"/>.</summary>
        public StatusIndicator(IBoardIo io)
        {
            if (io == null) throw new System.ArgumentNullException("io");
            _io = io;
        }

        /// <summary>
        /// Sets every LED for time <paramref name="nowMs"/> (a monotonic millisecond count).
        /// </summary>
        public void Show(long nowMs, WanLinkState wan, bool fault, bool resetPending)
        {
            Show(nowMs, wan, fault, resetPending, false);
        }

        /// <summary>
        /// Sets every LED for time <paramref name="nowMs"/>; <paramref name="noRadio"/> blinks Fault at 1 Hz unless a
        /// steadier fault or a held reset button shows.
        /// </summary>
        public void Show(long nowMs, WanLinkState wan, bool fault, bool resetPending, bool noRadio)
        {
            _io.SetLed(StatusLed.Run, (nowMs / 500) % 2 == 0);
            bool wanOn = wan == WanLinkState.Connected || (wan == WanLinkState.Disconnected && (nowMs / 250) % 2 == 0);
            _io.SetLed(StatusLed.Wan, wanOn);
            bool faultOn = resetPending ? (nowMs / 100) % 2 == 0 : fault || (noRadio && (nowMs / 500) % 2 == 0);
            _io.SetLed(StatusLed.Fault, faultOn);
        }
    }
}
