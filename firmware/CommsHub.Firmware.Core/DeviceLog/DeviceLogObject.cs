namespace CommsHub.Firmware.Core.DeviceLog
{
    /// <summary>
    /// The DLMS identity of the CHF Device Log: class 104 (ZigBee Network Control) on 0-0:30.3.0.255, its
    /// attributes and methods (GBCS.md §4). The historic log is read with backup_PAN on 0-0:30.3.1.255 (CCS07).
    /// </summary>
    public static class DeviceLogObject
    {
        /// <summary>DLMS interface class id.</summary>
        public const int ClassId = 104;

        /// <summary>Logical name 0-0:30.3.0.255 (CHF Device Log).</summary>
        public static readonly byte[] LogicalName = new byte[] { 0, 0, 30, 3, 0, 255 };

        /// <summary>Logical name 0-0:30.3.1.255 (CHF Historic Device Log).</summary>
        public static readonly byte[] HistoricLogicalName = new byte[] { 0, 0, 30, 3, 1, 255 };

        /// <summary>Attribute 2: enable_disable_joining (boolean).</summary>
        public const int AttributeEnableDisableJoining = 2;

        /// <summary>Attribute 3: join_timeout (long-unsigned, seconds).</summary>
        public const int AttributeJoinTimeout = 3;

        /// <summary>Attribute 4: active_devices.</summary>
        public const int AttributeActiveDevices = 4;

        /// <summary>Method 1: register_device.</summary>
        public const int MethodRegisterDevice = 1;

        /// <summary>Method 2: unregister_device.</summary>
        public const int MethodUnregisterDevice = 2;

        /// <summary>Method 3: unregister_all_devices.</summary>
        public const int MethodUnregisterAllDevices = 3;

        /// <summary>Method 4: backup_PAN.</summary>
        public const int MethodBackupPan = 4;

        /// <summary>Method 5: restore_PAN.</summary>
        public const int MethodRestorePan = 5;
    }
}
