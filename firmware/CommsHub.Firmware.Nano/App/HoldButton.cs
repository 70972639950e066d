namespace CommsHub.Firmware.Nano.App
{
    /// <summary>
    /// The factory-reset button: a reset fires only after the button has been held continuously for
    /// <see cref="HoldMs"/> (so a knock or a bounce never wipes a hub), once per press. Sampled from the main loop.
    /// </summary>
    public sealed class HoldButton
    {
        /// <summary>How long the button must be held (10 s).</summary>
        public const int HoldMs = 10000;

        private long _downSince = -1;
        private bool _fired;

        /// <summary>True while the button is down but the hold time has not yet passed (the Fault LED blinks).</summary>
        public bool Pending { get; private set; }

        /// <summary>
        /// Feeds one sample taken at <paramref name="nowMs"/> (monotonic). Returns true exactly once per press, when
        /// the hold time is reached.
        /// </summary>
        public bool Sample(bool down, long nowMs)
        {
            if (!down)
            {
                _downSince = -1;
                _fired = false;
                Pending = false;
                return false;
            }
            if (_downSince < 0) _downSince = nowMs;
            if (_fired) { Pending = false; return false; }
            if (nowMs - _downSince >= HoldMs)
            {
                _fired = true;
                Pending = false;
                return true;
            }
            Pending = true;
            return false;
        }
    }
}
