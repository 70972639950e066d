using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Core.Storage
{
    /// <summary>
    /// Writes one record in <see cref="RecordFormat"/>, torn-write safe: header (commit byte left erased), body, CRC
    /// (in one program when they fit in the scratch buffer), then the commit byte on its own. Until that last 1-byte program completes the record does not count, whatever
    /// prefix of the rest reached the flash, so a power cut leaves either the whole record or none of it. The one
    /// writer of both <see cref="RecordLog"/> (snapshots) and the WAN outbox (queued frames and delivery marks); where a
    /// record goes (erased space, never behind a torn tail) stays their decision.
    /// </summary>
    internal static class RecordWriter
    {
        /// <summary>
        /// Programs a record at <paramref name="address"/> (erased flash with room for
        /// <see cref="RecordFormat.Footprint"/> bytes). <paramref name="header"/> (<see cref="RecordFormat.HeaderSize"/>
        /// bytes) and <paramref name="scratch"/> (at least <see cref="RecordFormat.TrailerSize"/> bytes) are the
        /// caller's reused buffers, so a write allocates nothing.
        /// </summary>
        /// <exception cref="BlockStoreException">flash failure (including <see cref="PowerLossException"/>).</exception>
        internal static void Write(IBlockStore store, int address, int kind, uint sequence, byte[] body, int offset, int count,
            byte[] header, byte[] scratch)
        {
            RecordFormat.WriteHeader(header, kind, sequence, count);
            uint crc = Crc32.Update(Crc32.Start(), header, 1, RecordFormat.HeaderSize - 1);
            crc = Crc32.Finish(Crc32.Update(crc, body, offset, count));
            int span = RecordFormat.HeaderSize - 1 + count + RecordFormat.TrailerSize;
            if (span <= scratch.Length)
            {
                // A small record (a delivery mark, a short frame): header, body and CRC are contiguous, so one program
                // writes them (on the host, one pwrite instead of three); a power cut still tears only this uncommitted
                // prefix, and the commit byte below still comes last.
                Array.Copy(header, 1, scratch, 0, RecordFormat.HeaderSize - 1);
                if (count > 0) Array.Copy(body, offset, scratch, RecordFormat.HeaderSize - 1, count);
                BigEndian.WriteUInt32(scratch, RecordFormat.HeaderSize - 1 + count, crc);
                store.Program(address + 1, scratch, 0, span);
            }
            else
            {
                store.Program(address + 1, header, 1, RecordFormat.HeaderSize - 1);
                if (count > 0) store.Program(address + RecordFormat.HeaderSize, body, offset, count);
                BigEndian.WriteUInt32(scratch, 0, crc);
                store.Program(address + RecordFormat.HeaderSize + count, scratch, 0, RecordFormat.TrailerSize);
            }
            scratch[0] = RecordFormat.Committed;
            store.Program(address, scratch, 0, 1);
        }
    }
}
