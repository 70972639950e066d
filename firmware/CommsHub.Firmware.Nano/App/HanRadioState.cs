namespace CommsHub.Firmware.Nano.App
{
    /// <summary>Where the board's HAN radio is (<see cref="HanRadio"/>).</summary>
    public enum HanRadioState
    {
        /// <summary>The NCP was reset and the hub waits for its ASH RSTACK.</summary>
        Probing = 0,

        /// <summary>The NCP answered: the HAN runs over EZSP (restarted after a pause when its link fails).</summary>
        Ncp = 1,

        /// <summary>No NCP answered the reset: the hub runs without a radio (<see cref="NoRadioHanNetwork"/>) until reboot.</summary>
        NoRadio = 2,
    }
}
