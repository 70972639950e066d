using System;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.UseCases
{
    /// <summary>
    /// One CHF Device Log entry as CCS03, CCS07 and CS14 carry it: <c>structure {octet-string(8) EUI,
    /// octet-string hashed TC link key}</c>. The key is 16 bytes, or empty while a device has not yet joined.
    /// </summary>
    public sealed class ChfDeviceLogEntry
    {
        /// <summary>Creates an entry.</summary>
        public ChfDeviceLogEntry(ulong deviceId, byte[] hashedTcLinkKey)
        {
            DeviceId = deviceId;
            HashedTcLinkKey = hashedTcLinkKey ?? new byte[0];
        }

        /// <summary>Device EUI-64.</summary>
        public ulong DeviceId { get; private set; }

        /// <summary>Hashed Trust Centre link key (16 bytes, or zero-length before the device joined).</summary>
        public byte[] HashedTcLinkKey { get; private set; }

        /// <summary>Decodes one entry structure.</summary>
        public static ChfDeviceLogEntry FromData(DlmsData d)
        {
            d.ExpectStructure(2, "device log entry");
            ulong eui = d.Children[0].ExpectEui64("device id");
            byte[] key = d.Children[1].ExpectOctetString(-1, "hashed TC link key").ToBytes();
            return new ChfDeviceLogEntry(eui, key);
        }

        /// <summary>Encodes as the entry structure.</summary>
        public DlmsData ToData()
        {
            return DlmsData.Structure(new DlmsData[] { DlmsData.OctetString(DeviceId), DlmsData.OctetString(HashedTcLinkKey) });
        }

        /// <summary>
        /// Writes one entry structure straight into <paramref name="w"/>: <paramref name="keyLength"/> is 16, or 0 before
        /// the device joined (same bytes as <see cref="ToData"/>).
        /// </summary>
        public static void Write(ByteWriter w, ulong deviceId, byte[] hashedTcLinkKey, int keyOffset, int keyLength)
        {
            DlmsStream.WriteStructureHeader(w, 2);
            DlmsStream.WriteEui64(w, deviceId);
            DlmsStream.WriteOctetString(w, hashedTcLinkKey, keyOffset, keyLength);
        }

        /// <summary>Decodes an array of entry structures.</summary>
        public static ChfDeviceLogEntry[] ArrayFromData(DlmsData d)
        {
            d.Expect(DlmsType.Array, "device log entries");
            ChfDeviceLogEntry[] e = new ChfDeviceLogEntry[d.Children.Length];
            for (int i = 0; i < e.Length; i++) e[i] = FromData(d.Children[i]);
            return e;
        }

        /// <summary>Encodes entries as an array.</summary>
        public static DlmsData ArrayToData(ChfDeviceLogEntry[] entries)
        {
            DlmsData[] items = new DlmsData[entries == null ? 0 : entries.Length];
            for (int i = 0; i < items.Length; i++) items[i] = entries[i].ToData();
            return DlmsData.Array(items);
        }
    }
}
