using System;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.UseCases
{
    /// <summary>
    /// One element of the CHF Device Log's active-devices attribute (CCS05/CCS04, CCS06 responses): a 14-element
    /// structure. Public sources do not name the fields (GBCS.md §4); names below follow the value types and RTDS
    /// values and are marked where they are inferred. All values are kept raw so re-encoding is exact.
    /// </summary>
    public sealed class ChfDeviceStatus
    {
        /// <summary>Number of elements in the structure.</summary>
        public const int FieldCount = 14;

        /// <summary>[0] Device EUI-64.</summary>
        public ulong DeviceId;
        /// <summary>[1] Status flags, bit-string bytes MSB-first (RTDS: 8 bits C8).</summary>
        public byte[] StatusBits;
        /// <summary>[1] Number of bits in <see cref="StatusBits"/>.</summary>
        public int StatusBitCount;
        /// <summary>[2] Signed 8-bit; RTDS -35/-34. Inferred: last RSSI (dBm).</summary>
        public int LastRssi;
        /// <summary>[3] Signed 8-bit; RTDS -50/-54. Inferred: average RSSI (dBm).</summary>
        public int AverageRssi;
        /// <summary>[4] Signed 8-bit; RTDS -100/-77. Inferred: lowest RSSI (dBm).</summary>
        public int LowestRssi;
        /// <summary>[5] Unsigned 8-bit; RTDS 2/1 (meaning not published).</summary>
        public int Unsigned5;
        /// <summary>[6] Unsigned 8-bit; RTDS 39/96 (meaning not published).</summary>
        public int Unsigned6;
        /// <summary>[7] Unsigned 8-bit; RTDS 247/205. Inferred: link quality indicator.</summary>
        public int LinkQuality;
        /// <summary>[8] Last communication date-time.</summary>
        public DlmsDateTime LastCommunication;
        /// <summary>[9]..[13] Five unsigned 8-bit values; RTDS 1, 0, 100, 1, 1 (meaning not published).</summary>
        public int[] Trailing = new int[5];

        /// <summary>Decodes one status structure.</summary>
        public static ChfDeviceStatus FromData(DlmsData d)
        {
            d.ExpectStructure(FieldCount, "device status");
            DlmsData[] f = d.Children;
            ChfDeviceStatus s = new ChfDeviceStatus();
            s.DeviceId = f[0].ExpectEui64("device id");
            f[1].Expect(DlmsType.BitString, "status bits");
            s.StatusBits = f[1].ToBytes();
            s.StatusBitCount = f[1].Count;
            s.LastRssi = (int)f[2].Expect(DlmsType.Integer, "field 2").Value;
            s.AverageRssi = (int)f[3].Expect(DlmsType.Integer, "field 3").Value;
            s.LowestRssi = (int)f[4].Expect(DlmsType.Integer, "field 4").Value;
            s.Unsigned5 = (int)f[5].Expect(DlmsType.Unsigned, "field 5").Value;
            s.Unsigned6 = (int)f[6].Expect(DlmsType.Unsigned, "field 6").Value;
            s.LinkQuality = (int)f[7].Expect(DlmsType.Unsigned, "field 7").Value;
            s.LastCommunication = DlmsDateTime.FromData(f[8], "last communication");
            for (int i = 0; i < 5; i++) s.Trailing[i] = (int)f[9 + i].Expect(DlmsType.Unsigned, "field " + (9 + i).ToString()).Value;
            return s;
        }

        /// <summary>Writes the status structure straight into <paramref name="w"/> (same bytes as <see cref="ToData"/>).</summary>
        public void WriteTo(ByteWriter w)
        {
            DlmsStream.WriteStructureHeader(w, FieldCount);
            DlmsStream.WriteEui64(w, DeviceId);
            DlmsStream.WriteBitString(w, StatusBits, StatusBits == null ? 0 : StatusBitCount);
            DlmsStream.WriteInteger(w, LastRssi);
            DlmsStream.WriteInteger(w, AverageRssi);
            DlmsStream.WriteInteger(w, LowestRssi);
            DlmsStream.WriteUnsigned(w, Unsigned5);
            DlmsStream.WriteUnsigned(w, Unsigned6);
            DlmsStream.WriteUnsigned(w, LinkQuality);
            DlmsStream.WriteDateTime(w, LastCommunication);
            for (int i = 0; i < 5; i++) DlmsStream.WriteUnsigned(w, Trailing != null && i < Trailing.Length ? Trailing[i] : 0);
        }

        /// <summary>
        /// Resets every field to the defaults a freshly created status has (device id 0, no status bits, radio fields 0),
        /// so one instance can be reused per device; <see cref="LastCommunication"/> is kept for the caller to fill.
        /// </summary>
        public void Clear()
        {
            DeviceId = 0;
            StatusBits = null;
            StatusBitCount = 0;
            LastRssi = 0;
            AverageRssi = 0;
            LowestRssi = 0;
            Unsigned5 = 0;
            Unsigned6 = 0;
            LinkQuality = 0;
            if (Trailing == null || Trailing.Length != 5) Trailing = new int[5];
            for (int i = 0; i < 5; i++) Trailing[i] = 0;
        }

        /// <summary>Encodes as the status structure.</summary>
        public DlmsData ToData()
        {
            DlmsData[] f = new DlmsData[FieldCount];
            f[0] = DlmsData.OctetString(DeviceId);
            f[1] = DlmsData.BitString(StatusBits ?? new byte[0], StatusBits == null ? 0 : StatusBitCount);
            f[2] = DlmsData.Integer(LastRssi);
            f[3] = DlmsData.Integer(AverageRssi);
            f[4] = DlmsData.Integer(LowestRssi);
            f[5] = DlmsData.Unsigned(Unsigned5);
            f[6] = DlmsData.Unsigned(Unsigned6);
            f[7] = DlmsData.Unsigned(LinkQuality);
            f[8] = LastCommunication.ToData();
            for (int i = 0; i < 5; i++) f[9 + i] = DlmsData.Unsigned(Trailing != null && i < Trailing.Length ? Trailing[i] : 0);
            return DlmsData.Structure(f);
        }
    }
}
