namespace CommsHub.Firmware.Core.DeviceLog
{
    /// <summary>
    /// One device in the CHF Historic Device Log: a removed device whose TC link key the hub keeps so that a
    /// re-added device can resume with it (CCS01/CCS02).
    /// </summary>
    public sealed class HistoricLogEntry
    {
        internal byte[] TcLinkKeyBytes;
        internal byte[] HashedTcLinkKeyBytes;

        internal HistoricLogEntry(ulong eui, byte[] tcLinkKey, byte[] hashedTcLinkKey)
        {
            Eui = eui;
            TcLinkKeyBytes = tcLinkKey;
            HashedTcLinkKeyBytes = hashedTcLinkKey;
        }

        /// <summary>The device's EUI-64.</summary>
        public ulong Eui { get; private set; }

        /// <summary>The TC link key the device used (16 bytes, a copy).</summary>
        public byte[] GetTcLinkKey() { return DeviceLogEntry.Copy(TcLinkKeyBytes); }

        /// <summary>Its hash (16 bytes, a copy).</summary>
        public byte[] GetHashedTcLinkKey() { return DeviceLogEntry.Copy(HashedTcLinkKeyBytes); }
    }
}
