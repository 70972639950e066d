namespace CommsHub.Firmware.Core.DeviceLog
{
    /// <summary>Where a device in the log stands on the HAN.</summary>
    public enum JoinState
    {
        /// <summary>Registered (or restored), not joined to this hub yet.</summary>
        Pending = 0,
        /// <summary>Joined: a TC link key is established.</summary>
        Joined = 1,
        /// <summary>Left the HAN; still whitelisted and may rejoin.</summary>
        Left = 2,
    }
}
