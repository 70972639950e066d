namespace CommsHub.Firmware.Core.Han.Ncp.Ash
{
    /// <summary>Why an ASH link went down.</summary>
    public enum AshFailure
    {
        /// <summary>The NCP sent ERROR (the code is its error code, UG101 Table "Reset and Error Codes").</summary>
        NcpError = 1,

        /// <summary>No RSTACK came after the allowed number of RST frames.</summary>
        ResetTimeout = 2,

        /// <summary>A DATA frame stayed unacknowledged through the allowed number of retransmissions.</summary>
        AckTimeout = 3,
    }
}
