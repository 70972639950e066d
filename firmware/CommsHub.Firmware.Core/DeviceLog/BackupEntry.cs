using System;

namespace CommsHub.Firmware.Core.DeviceLog
{
    /// <summary>
    /// One device of a backup (CCS07, CS14) or of a restore (CCS03): EUI-64 and hashed TC link key (16 bytes, or
    /// empty when no TC link key is established).
    /// </summary>
    public sealed class BackupEntry
    {
        /// <summary>Creates an entry; <paramref name="hashedTcLinkKey"/> may be null for "none".</summary>
        public BackupEntry(ulong eui, byte[] hashedTcLinkKey)
        {
            Eui = eui;
            HashedTcLinkKey = hashedTcLinkKey == null ? new byte[0] : hashedTcLinkKey;
        }

        /// <summary>The device's EUI-64.</summary>
        public ulong Eui { get; private set; }

        /// <summary>Hashed TC link key: 16 bytes, or zero-length.</summary>
        public byte[] HashedTcLinkKey { get; private set; }
    }
}
