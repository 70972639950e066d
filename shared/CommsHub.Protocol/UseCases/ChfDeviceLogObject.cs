namespace CommsHub.Protocol.UseCases
{
    /// <summary>
    /// The CHF Device Log COSEM object: class 104 "ZigBee Network Control", instance 0-0:30.3.0.255
    /// (0-0:30.3.1.255 for the historic log), with its attribute and method ids (gbcs-parser dlms.ts).
    /// </summary>
    public static class ChfDeviceLogObject
    {
        /// <summary>Interface class 104, ZigBee Network Control.</summary>
        public const int ClassId = 0x0068;
        /// <summary>Attribute 2: enable/disable joining (boolean).</summary>
        public const int EnableDisableJoining = 2;
        /// <summary>Attribute 3: join timeout (long-unsigned).</summary>
        public const int JoinTimeout = 3;
        /// <summary>Attribute 4: active devices (array of device status structures).</summary>
        public const int ActiveDevices = 4;
        /// <summary>Method 1: register_device.</summary>
        public const int RegisterDevice = 1;
        /// <summary>Method 2: unregister_device.</summary>
        public const int UnregisterDevice = 2;
        /// <summary>Method 3: unregister_all_devices.</summary>
        public const int UnregisterAllDevices = 3;
        /// <summary>Method 4: backup_PAN.</summary>
        public const int BackupPan = 4;
        /// <summary>Method 5: restore_PAN.</summary>
        public const int RestorePan = 5;
    }
}
