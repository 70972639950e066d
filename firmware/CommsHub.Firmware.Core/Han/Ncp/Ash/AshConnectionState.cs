namespace CommsHub.Firmware.Core.Han.Ncp.Ash
{
    /// <summary>Where an <see cref="AshConnection"/> is.</summary>
    public enum AshConnectionState
    {
        /// <summary>Nothing sent yet, or the link failed and was not reset.</summary>
        Down = 0,

        /// <summary>RST sent, waiting for RSTACK.</summary>
        Resetting = 1,

        /// <summary>RSTACK received: DATA may flow.</summary>
        Connected = 2,
    }
}
