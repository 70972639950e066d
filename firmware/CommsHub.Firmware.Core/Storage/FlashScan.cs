using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Core.Storage
{
    /// <summary>
    /// Reads that every log over an <see cref="IBlockStore"/> needs at mount time: checking a record's CRC and checking that
    /// a region is still erased. They stream through a caller-owned chunk buffer, so a scan allocates nothing.
    /// </summary>
    public static class FlashScan
    {
        /// <summary>
        /// True when the CRC trailer after the <paramref name="length"/>-byte body of the record at <paramref name="address"/>
        /// matches the header (bytes 1.. of <paramref name="header"/>, already read) and the body.
        /// </summary>
        public static bool RecordCrcMatches(IBlockStore store, byte[] header, int address, int length, byte[] chunk)
        {
            uint crc = Crc32.Update(Crc32.Start(), header, 1, RecordFormat.HeaderSize - 1);
            int p = address + RecordFormat.HeaderSize;
            int left = length;
            while (left > 0)
            {
                int n = left < chunk.Length ? left : chunk.Length;
                store.Read(p, chunk, 0, n);
                crc = Crc32.Update(crc, chunk, 0, n);
                p += n;
                left -= n;
            }
            store.Read(p, chunk, 0, RecordFormat.TrailerSize);
            return BigEndian.ReadUInt32(chunk, 0) == Crc32.Finish(crc);
        }

        /// <summary>True when all <paramref name="count"/> bytes from <paramref name="address"/> read as erased (0xFF).</summary>
        public static bool IsErased(IBlockStore store, int address, int count, byte[] chunk)
        {
            int p = 0;
            while (p < count)
            {
                int n = count - p < chunk.Length ? count - p : chunk.Length;
                store.Read(address + p, chunk, 0, n);
                for (int i = 0; i < n; i++)
                {
                    if (chunk[i] != 0xFF) return false;
                }
                p += n;
            }
            return true;
        }
    }
}
