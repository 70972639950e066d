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
