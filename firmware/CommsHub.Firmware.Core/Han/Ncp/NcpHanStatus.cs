namespace CommsHub.Firmware.Core.Han.Ncp
{
    /// <summary>Where the NCP-backed HAN is.</summary>
    public enum NcpHanStatus
    {
        /// <summary>Not started, or failed (see the status event's reason).</summary>
        Down = 0,

        /// <summary>Resetting the NCP, negotiating, or bringing the network up.</summary>
        Starting = 1,

        /// <summary>The network is up: joins and messages flow.</summary>
        Up = 2,
    }

    /// <summary>The NCP-backed HAN changed status; <paramref name="reason"/> says why when it went down.</summary>
    public delegate void NcpHanStatusHandler(NcpHanStatus status, string reason);
}
