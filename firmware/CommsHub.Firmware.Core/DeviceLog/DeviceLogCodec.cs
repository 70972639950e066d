using System;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Core.DeviceLog
{
    /// <summary>
    /// Binary snapshot of a <see cref="DeviceLogState"/> (record kind 0x01), canonical so that equal states encode
    /// to equal bytes:
    /// <code>
    /// version 1 (=1) | flags 1 (bit0 joining enabled, bit1 window start follows) | join timeout 2 | join window end 4 |
    /// ext PAN id 8 | entry count 1 | historic count 1 |
    /// entries: EUI 8, type 1, join state 1, key flags 1, last comm 4, [link key 16], [TC key 16], [hash 16]
    /// historic (oldest first): EUI 8, TC key 16 (its hash is recomputed when CCS07 reads it: 240 bytes less per record)
    /// [join window start 4]
    /// </code>
    /// The window start (flag bit1, written whenever joining is enabled) lets a clock put back before it close the
    /// window; it is a trailer under a flag so that every snapshot without an open window keeps its bytes. A snapshot
    /// with joining enabled and no start (written before the start was kept) takes it as the end less the timeout.
    /// Key flags: bit0 link key, bit1 TC link key, bit2 hash, bit3 TC key equals the link key (stored once: the
    /// usual install-code join, 16 bytes saved per joined device).
    /// </summary>
    internal static class DeviceLogCodec
    {
        public const int RecordKind = 0x01;
        private const int Version = 1;
        private const int FixedSize = 18;
        private const int EntryFixed = 15;
        private const int KeySize = 16;
        private const int HistoricSize = 8 + KeySize;
        private const int StartSize = 4;

        private const int FlagJoining = 1;
        private const int FlagWindowStart = 2;

        private const int HasLink = 1;
        private const int HasTc = 2;
        private const int HasHash = 4;
        private const int TcIsLink = 8;

        /// <summary>Largest snapshot for a capacity (every entry with all three keys, a full historic log).</summary>
        public static int MaxLength(int capacity)
        {
            return FixedSize + capacity * (EntryFixed + 3 * KeySize) + DeviceLogOptions.HistoricCapacity * HistoricSize + StartSize;
        }

        public static int Encode(DeviceLogState s, byte[] b)
        {
            b[0] = Version;
            b[1] = (byte)(s.JoiningEnabled ? FlagJoining | FlagWindowStart : 0);
            BigEndian.WriteUInt16(b, 2, s.JoinTimeout);
            BigEndian.WriteUInt32(b, 4, s.JoinWindowEnd);
            BigEndian.WriteUInt64(b, 8, s.ExtendedPanId);
            b[16] = (byte)s.Entries.Count;
            b[17] = (byte)s.Historic.Count;
            int p = FixedSize;
            for (int i = 0; i < s.Entries.Count; i++)
            {
                DeviceLogEntry e = (DeviceLogEntry)s.Entries[i];
                BigEndian.WriteUInt64(b, p, e.Eui);
                b[p + 8] = (byte)e.DeviceType;
                b[p + 9] = (byte)e.JoinState;
                int flags = 0;
                if (e.LinkKeyBytes != null) flags |= HasLink;
                if (e.TcLinkKeyBytes != null)
                {
                    if (e.LinkKeyBytes != null && BigEndian.RangeEquals(e.LinkKeyBytes, 0, e.TcLinkKeyBytes, 0, KeySize)) flags |= TcIsLink;
                    else flags |= HasTc;
                }
                if (e.HashedTcLinkKeyBytes != null) flags |= HasHash;
                b[p + 10] = (byte)flags;
                BigEndian.WriteUInt32(b, p + 11, e.LastCommunication);
                p += EntryFixed;
                if ((flags & HasLink) != 0) p = Put(e.LinkKeyBytes, b, p);
                if ((flags & HasTc) != 0) p = Put(e.TcLinkKeyBytes, b, p);
                if ((flags & HasHash) != 0) p = Put(e.HashedTcLinkKeyBytes, b, p);
            }
            for (int i = 0; i < s.Historic.Count; i++)
            {
                HistoricLogEntry h = (HistoricLogEntry)s.Historic[i];
                BigEndian.WriteUInt64(b, p, h.Eui);
                p = Put(h.TcLinkKeyBytes, b, p + 8);
            }
            if (s.JoiningEnabled)
            {
                BigEndian.WriteUInt32(b, p, s.JoinWindowStart);
                p += StartSize;
            }
            return p;
        }

        /// <exception cref="DeviceLogFormatException">unknown version or inconsistent lengths.</exception>
        public static DeviceLogState Decode(byte[] b, int length)
        {
            if (length < FixedSize || b[0] != Version) throw new DeviceLogFormatException("unknown device log snapshot format");
            DeviceLogState s = new DeviceLogState();
            s.JoiningEnabled = (b[1] & FlagJoining) != 0;
            s.JoinTimeout = BigEndian.ReadUInt16(b, 2);
            s.JoinWindowEnd = BigEndian.ReadUInt32(b, 4);
            s.ExtendedPanId = BigEndian.ReadUInt64(b, 8);
            int count = b[16];
            int historic = b[17];
            int p = FixedSize;
            for (int i = 0; i < count; i++)
            {
                Need(p, EntryFixed, length);
                DeviceLogEntry e = new DeviceLogEntry(BigEndian.ReadUInt64(b, p), (DeviceType)b[p + 8]);
                e.JoinState = (JoinState)b[p + 9];
                int flags = b[p + 10];
                e.LastCommunication = BigEndian.ReadUInt32(b, p + 11);
                p += EntryFixed;
                if ((flags & HasLink) != 0) e.LinkKeyBytes = Take(b, ref p, length);
                if ((flags & HasTc) != 0) e.TcLinkKeyBytes = Take(b, ref p, length);
                if ((flags & TcIsLink) != 0)
                {
                    if (e.LinkKeyBytes == null) throw new DeviceLogFormatException("TC key refers to a missing link key");
                    e.TcLinkKeyBytes = DeviceLogEntry.Copy(e.LinkKeyBytes);
                }
                if ((flags & HasHash) != 0) e.HashedTcLinkKeyBytes = Take(b, ref p, length);
                s.Entries.Add(e);
            }
            for (int i = 0; i < historic; i++)
            {
                Need(p, HistoricSize, length);
                ulong eui = BigEndian.ReadUInt64(b, p);
                p += 8;
                s.Historic.Add(new HistoricLogEntry(eui, Take(b, ref p, length)));
            }
            if ((b[1] & FlagWindowStart) != 0)
            {
                Need(p, StartSize, length);
                s.JoinWindowStart = BigEndian.ReadUInt32(b, p);
                p += StartSize;
            }
            else if (s.JoiningEnabled)
            {
                s.JoinWindowStart = s.JoinWindowEnd > (uint)s.JoinTimeout ? s.JoinWindowEnd - (uint)s.JoinTimeout : 0;
            }
            if (p != length) throw new DeviceLogFormatException("trailing bytes in device log snapshot");
            return s;
        }

        private static int Put(byte[] key, byte[] b, int p)
        {
            Array.Copy(key, 0, b, p, KeySize);
            return p + KeySize;
        }

        private static byte[] Take(byte[] b, ref int p, int length)
        {
            Need(p, KeySize, length);
            byte[] k = BigEndian.Slice(b, p, KeySize);
            p += KeySize;
            return k;
        }

        private static void Need(int p, int n, int length)
        {
            if (p + n > length) throw new DeviceLogFormatException("device log snapshot truncated");
        }
    }
}
