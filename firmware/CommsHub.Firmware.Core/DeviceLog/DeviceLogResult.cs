namespace CommsHub.Firmware.Core.DeviceLog
{
    /// <summary>Outcome of a device log operation (GBCS maps the first three to a success action-result).</summary>
    public enum DeviceLogResult
    {
        /// <summary>Done (including "nothing to change").</summary>
        Success = 0,
        /// <summary>CCS01 for a device already in the log: the key was discarded, the entry kept; GBCS success.</summary>
        AlreadyRegistered = 1,
        /// <summary>A GPF: part of the comms hub, never recorded; GBCS success with no change.</summary>
        NotRecorded = 2,
        /// <summary>The log is at capacity; nothing changed.</summary>
        DeviceLogFull = 3,
        /// <summary>The device is not in the log; nothing changed.</summary>
        NotFound = 4,
        /// <summary>The install code has a wrong length or CRC; nothing changed.</summary>
        InvalidInstallCode = 5,
        /// <summary>An argument is malformed (key length, duplicate EUIs in a restore, ...); nothing changed.</summary>
        InvalidArgument = 6,
    }
}
