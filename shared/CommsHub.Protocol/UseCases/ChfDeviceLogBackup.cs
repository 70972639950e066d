using System;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.UseCases
{
    /// <summary>
    /// A CHF Device Log backup as backup_PAN returns it (CCS07) and the CS14 alert carries it:
    /// <c>structure {octet-string(12) date-time, octet-string(8) extended PAN id, array of entries}</c>.
    /// </summary>
    public sealed class ChfDeviceLogBackup
    {
        /// <summary>When the backup was taken.</summary>
        public DlmsDateTime Timestamp;
        /// <summary>ZigBee extended PAN id.</summary>
        public ulong ExtendedPanId;
        /// <summary>The logged devices.</summary>
        public ChfDeviceLogEntry[] Entries;

        /// <summary>Decodes the backup structure.</summary>
        public static ChfDeviceLogBackup FromData(DlmsData d)
        {
            d.ExpectStructure(3, "device log backup");
            ChfDeviceLogBackup b = new ChfDeviceLogBackup();
            b.Timestamp = DlmsDateTime.FromData(d.Children[0], "backup date-time");
            b.ExtendedPanId = d.Children[1].ExpectEui64("extended PAN id");
            b.Entries = ChfDeviceLogEntry.ArrayFromData(d.Children[2]);
            return b;
        }

        /// <summary>
        /// Streaming encoder: the backup structure up to its entry array header for <paramref name="entryCount"/>
        /// entries; write each with <see cref="ChfDeviceLogEntry.Write"/>. Same bytes as <see cref="ToData"/>.
        /// </summary>
        public static void WriteStart(ByteWriter w, DlmsDateTime timestamp, ulong extendedPanId, int entryCount)
        {
            DlmsStream.WriteStructureHeader(w, 3);
            DlmsStream.WriteDateTime(w, timestamp);
            DlmsStream.WriteEui64(w, extendedPanId);
            DlmsStream.WriteArrayHeader(w, entryCount);
        }

        /// <summary>Writes the whole backup structure into <paramref name="w"/> (same bytes as <see cref="ToData"/>).</summary>
        public void WriteTo(ByteWriter w)
        {
            int n = Entries == null ? 0 : Entries.Length;
            WriteStart(w, Timestamp, ExtendedPanId, n);
            for (int i = 0; i < n; i++)
            {
                byte[] key = Entries[i].HashedTcLinkKey;
                ChfDeviceLogEntry.Write(w, Entries[i].DeviceId, key, 0, key.Length);
            }
        }

        /// <summary>Encodes as the backup structure.</summary>
        public DlmsData ToData()
        {
            return DlmsData.Structure(new DlmsData[]
            {
                Timestamp.ToData(),
                DlmsData.OctetString(ExtendedPanId),
                ChfDeviceLogEntry.ArrayToData(Entries),
            });
        }
    }
}
