namespace CommsHub.Firmware.Core.DeviceLog
{
    /// <summary>
    /// The backup_PAN result of one log (GBCS.md §4, CCS07 and the CS14 body):
    /// <c>{date-time, extended PAN id, array {EUI, hashed TC link key}}</c>.
    /// </summary>
    public sealed class DeviceLogBackup
    {
        internal DeviceLogBackup(uint takenAt, ulong extendedPanId, BackupEntry[] entries)
        {
            TakenAt = takenAt;
            ExtendedPanId = extendedPanId;
            Entries = entries;
        }

        /// <summary>When the backup was taken, in <see cref="Time.HubTime"/> seconds.</summary>
        public uint TakenAt { get; private set; }

        /// <summary>The HAN's extended PAN id.</summary>
        public ulong ExtendedPanId { get; private set; }

        /// <summary>The devices, in log order.</summary>
        public BackupEntry[] Entries { get; private set; }
    }
}
