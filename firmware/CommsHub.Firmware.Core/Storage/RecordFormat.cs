using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Core.Storage
{
    /// <summary>
    /// On-flash layout of one record of <see cref="RecordLog"/> and the WAN outbox (both written by <see cref="RecordWriter"/>):
    /// <code>
    /// 0  commit   1  0xFF while being written, 0x00 once complete: programmed LAST, on its own
    /// 1  magic    1  0xC5
    /// 2  kind     1  the caller's payload type
    /// 3  zero     1
    /// 4  sequence 4  big-endian, +1 per record across all sectors; the highest valid one is the current state
    /// 8  length   2  body length, big-endian
    /// 10 zero     2
    /// 12 hdr CRC  4  CRC-32 of bytes 1..11, so a sector can be walked without reading bodies
    /// 16 body     n
    /// 16+n CRC    4  CRC-32 of bytes 1..15 and the body
    /// </code>
    /// Records start on 4-byte boundaries (word-programmed flash); padding stays erased.
    /// </summary>
    internal static class RecordFormat
    {
        public const int HeaderSize = 16;
        public const int TrailerSize = 4;
        public const int Overhead = HeaderSize + TrailerSize;
        public const byte Magic = 0xC5;
        public const byte Committed = 0x00;
        public const int Alignment = 4;

        /// <summary>Space a record with a body of <paramref name="bodyLength"/> bytes takes, padding included.</summary>
        public static int Footprint(int bodyLength)
        {
            int n = Overhead + bodyLength;
            return (n + Alignment - 1) & ~(Alignment - 1);
        }

        /// <summary>Fills a header (commit byte left erased).</summary>
        public static void WriteHeader(byte[] h, int kind, uint sequence, int length)
        {
            h[0] = 0xFF;
            h[1] = Magic;
            h[2] = (byte)kind;
            h[3] = 0;
            BigEndian.WriteUInt32(h, 4, sequence);
            BigEndian.WriteUInt16(h, 8, length);
            h[10] = 0;
            h[11] = 0;
            BigEndian.WriteUInt32(h, 12, Crc32.Compute(h, 1, 11));
        }

        /// <summary>True when the header is structurally sound and its body would fit in <paramref name="room"/> bytes.</summary>
        public static bool HeaderValid(byte[] h, int room)
        {
            if (h[1] != Magic || h[3] != 0 || h[10] != 0 || h[11] != 0) return false;
            if (BigEndian.ReadUInt32(h, 12) != Crc32.Compute(h, 1, 11)) return false;
            return Footprint(BigEndian.ReadUInt16(h, 8)) <= room;
        }

        /// <summary>True when all 16 header bytes are erased: the free space of a sector starts here.</summary>
        public static bool HeaderErased(byte[] h)
        {
            for (int i = 0; i < HeaderSize; i++)
            {
                if (h[i] != 0xFF) return false;
            }
            return true;
        }
    }
}
