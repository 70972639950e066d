using System;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Firmware.Core.DeviceLog
{
    /// <summary>
    /// One device in the CHF Device Log. Read-only to callers; key getters return copies so the log's own state
    /// cannot be changed behind its back.
    /// </summary>
    public sealed class DeviceLogEntry
    {
        internal byte[] LinkKeyBytes;
        internal byte[] TcLinkKeyBytes;
        internal byte[] HashedTcLinkKeyBytes;

        internal DeviceLogEntry(ulong eui, DeviceType type)
        {
            Eui = eui;
            DeviceType = type;
        }

        /// <summary>The device's EUI-64 (ieee_address).</summary>
        public ulong Eui { get; internal set; }

        /// <summary>GBCS device type (<see cref="LocalDeviceType.Unknown"/> for restored entries).</summary>
        public DeviceType DeviceType { get; internal set; }

        /// <summary>Join state.</summary>
        public JoinState JoinState { get; internal set; }

        /// <summary>Last communication with the device, in <see cref="Time.HubTime"/> seconds (0 = never).</summary>
        public uint LastCommunication { get; internal set; }

        /// <summary>True when the install-code-derived link key is held (not for restored entries).</summary>
        public bool HasLinkKey { get { return LinkKeyBytes != null; } }

        /// <summary>True when a TC link key has been established with this hub.</summary>
        public bool HasTcLinkKey { get { return TcLinkKeyBytes != null; } }

        /// <summary>The install-code-derived link key (16 bytes), or null.</summary>
        public byte[] GetLinkKey() { return Copy(LinkKeyBytes); }

        /// <summary>The TC link key established with the device (16 bytes), or null.</summary>
        public byte[] GetTcLinkKey() { return Copy(TcLinkKeyBytes); }

        /// <summary>The hashed TC link key (16 bytes), or an empty array when none is established (the CS14 rule).</summary>
        public byte[] GetHashedTcLinkKey()
        {
            return HashedTcLinkKeyBytes == null ? new byte[0] : Copy(HashedTcLinkKeyBytes);
        }

        internal static byte[] Copy(byte[] b)
        {
            if (b == null) return null;
            byte[] r = new byte[b.Length];
            Array.Copy(b, r, b.Length);
            return r;
        }
    }
}
