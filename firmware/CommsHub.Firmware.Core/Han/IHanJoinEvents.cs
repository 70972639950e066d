namespace CommsHub.Firmware.Core.Han
{
    /// <summary>
    /// What a HAN bridge may also report about joins, for the CHF Event Log: a separate contract so that a bridge without
    /// a radio (a test double, the fuzz target) need not implement it. <see cref="HanBridge"/> does.
    /// </summary>
    public interface IHanJoinEvents
    {
        /// <summary>Raised when a device's join is refused (not whitelisted, window closed, wrong TC link key on rejoin).</summary>
        event HanDeviceHandler JoinRefused;
    }
}
