using CommsHub.Firmware.Core.Storage;

namespace CommsHub.Firmware.Core.DeviceLog
{
    /// <summary>Raised after every persisted change of the device log.</summary>
    public delegate void DeviceLogChangedHandler(ChfDeviceLog sender, DeviceLogChange change);

    /// <summary>One persisted change: what happened, to whom, whether CS14 applies, and what it cost in flash.</summary>
    public sealed class DeviceLogChange
    {
        internal DeviceLogChange(DeviceLogChangeKind kind, ulong eui, bool backupChanged, WriteReport write, ulong[] dropped)
        {
            Kind = kind;
            Eui = eui;
            BackupChanged = backupChanged;
            Write = write;
            Dropped = dropped;
        }

        /// <summary>The operation.</summary>
        public DeviceLogChangeKind Kind { get; private set; }

        /// <summary>The device concerned (0 for whole-log operations).</summary>
        public ulong Eui { get; private set; }

        /// <summary>
        /// True when an IEEE address was added or removed or a hashed TC link key changed: the cases in which GBCS
        /// CS14 requires a "CHF Device Log Changed" (0x8F12) alert carrying the backup.
        /// </summary>
        public bool BackupChanged { get; private set; }

        /// <summary>
        /// The devices a whole-log operation (<see cref="DeviceLogChangeKind.UnregisteredAll"/>,
        /// <see cref="DeviceLogChangeKind.Restored"/>) took out of the log, which must leave the HAN as an unregistered
        /// device does; empty for every other change.
        /// </summary>
        public ulong[] Dropped { get; private set; }

        /// <summary>Flash cost of persisting the change.</summary>
        public WriteReport Write { get; private set; }
    }
}
