namespace CommsHub.Firmware.Core.DeviceLog
{
    /// <summary>
    /// One device in the CHF Historic Device Log: a removed device whose TC link key the hub keeps so that a
    /// re-added device can resume with it (CCS01/CCS02). Its hash is not stored (CCS07 recomputes it), which keeps
    /// every snapshot record 240 bytes smaller with a full historic log.
    /// </summary>
    public sealed class HistoricLogEntry
    {
        internal byte[] TcLinkKeyBytes;
        // AES-MMO hash of the key, computed on first read and kept in RAM only (never persisted, see above): CCS07
        // reads it every time, and hashing per read costs heap and time for a value that never changes.
        internal byte[] HashedTcLinkKeyBytes;

        internal HistoricLogEntry(ulong eui, byte[] tcLinkKey)
        {
            Eui = eui;
            TcLinkKeyBytes = tcLinkKey;
        }

        /// <summary>The device's EUI-64.</summary>
        public ulong Eui { get; private set; }

        /// <summary>The TC link key the device used (16 bytes, a copy).</summary>
        public byte[] GetTcLinkKey() { return DeviceLogEntry.Copy(TcLinkKeyBytes); }
    }
}
