namespace CommsHub.Firmware.Core.DeviceLog
{
    /// <summary>Which operation changed the device log.</summary>
    public enum DeviceLogChangeKind
    {
        /// <summary>register_device added a device.</summary>
        Registered = 1,
        /// <summary>unregister_device removed a device.</summary>
        Unregistered = 2,
        /// <summary>unregister_all removed every device.</summary>
        UnregisteredAll = 3,
        /// <summary>restore_PAN replaced the log (CCS03).</summary>
        Restored = 4,
        /// <summary>Join timeout or enable/disable joining changed.</summary>
        JoinSettings = 5,
        /// <summary>A device joined and a TC link key was established.</summary>
        Joined = 6,
        /// <summary>A device left the HAN.</summary>
        Left = 7,
        /// <summary>The last communication time of a device moved on.</summary>
        Communication = 8,
    }
}
