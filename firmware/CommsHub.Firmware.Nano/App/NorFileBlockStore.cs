using System;
using CommsHub.Firmware.Core.Storage;

namespace CommsHub.Firmware.Nano.App
{
    /// <summary>
    /// An <see cref="IBlockStore"/> over one file of the board's internal drive (LittleFS on ESP32, <c>I:</c>) with NOR
    /// rules, as the host's FileBlockStore has them: a new file starts erased (0xFF), programming only clears bits (a
    /// 0 -> 1 change refuses the whole call before anything is written) and erase works on whole sectors. So the
    /// persistence code that is proven on the host and in the self-test runs unchanged on the board. One
    /// <see cref="ChunkSize"/>-byte scratch buffer is allocated once (no allocation per call; six partitions cost
    /// 1.5 KB of heap, not six sectors). Erase counts are for this boot only. Thread-safe.
    /// </summary>
    public sealed class NorFileBlockStore : IBlockStore
    {
        /// <summary>Bytes moved per file call (the scratch buffer's size).</summary>
        public const int ChunkSize = 256;

        private readonly IRandomAccessFile _file;
        private readonly int[] _eraseCounts;
        private readonly byte[] _scratch;
        private readonly object _sync = new object();
        private long _programCount;
        private long _bytesProgrammed;
        private long _totalErases;

        /// <summary>
        /// Uses <paramref name="file"/> as <paramref name="sectorCount"/> sectors of <paramref name="sectorSize"/> bytes.
        /// An empty file is formatted erased; a file of another length is refused (a different partition layout must
        /// never be mounted over old data).
        /// </summary>
        /// <exception cref="ArgumentException">null file, non-positive geometry, or an existing file of another length.</exception>
        public NorFileBlockStore(IRandomAccessFile file, int sectorSize, int sectorCount)
        {
            if (file == null) throw new ArgumentNullException("file");
            if (sectorSize <= 0 || sectorCount <= 0) throw new ArgumentException("sector size and count must be positive");
            _file = file;
            SectorSize = sectorSize;
            SectorCount = sectorCount;
            _eraseCounts = new int[sectorCount];
            _scratch = new byte[sectorSize < ChunkSize ? sectorSize : ChunkSize];
            long length = (long)sectorSize * sectorCount;
            long actual = file.Length;
            if (actual != 0 && actual != length)
                throw new ArgumentException("flash file is " + actual + " bytes, expected " + length);
            if (actual == 0)
            {
                // Blank flash reads 0xFF, a new file 0x00.
                WriteErased(0, length);
                file.Flush();
            }
        }

        /// <inheritdoc />
        public int SectorSize { get; private set; }

        /// <inheritdoc />
        public int SectorCount { get; private set; }

        /// <inheritdoc />
        public long ProgramCount { get { lock (_sync) { return _programCount; } } }

        /// <inheritdoc />
        public long BytesProgrammed { get { lock (_sync) { return _bytesProgrammed; } } }

        /// <inheritdoc />
        public long TotalErases { get { lock (_sync) { return _totalErases; } } }

        /// <inheritdoc />
        public int GetEraseCount(int sector)
        {
            CheckSector(sector);
            lock (_sync) { return _eraseCounts[sector]; }
        }

        /// <inheritdoc />
        public void Read(int address, byte[] buffer, int offset, int count)
        {
            CheckRange(address, count);
            CheckBuffer(buffer, offset, count);
            lock (_sync) { ReadExactly(address, buffer, offset, count); }
        }

        /// <inheritdoc />
        public void Program(int address, byte[] data, int offset, int count)
        {
            CheckRange(address, count);
            CheckBuffer(data, offset, count);
            lock (_sync)
            {
                // Check every byte before writing any, chunk by chunk through the one scratch buffer.
                int done = 0;
                while (done < count)
                {
                    int n = Min(count - done, _scratch.Length);
                    ReadExactly(address + done, _scratch, 0, n);
                    for (int i = 0; i < n; i++)
                    {
                        if ((data[offset + done + i] & ~_scratch[i] & 0xFF) != 0)
                            throw new BlockStoreException(BlockStoreError.NotErased, "byte at 0x" + (address + done + i).ToString("X") + " is not erased");
                    }
                    done += n;
                }
                done = 0;
                while (done < count)
                {
                    int n = Min(count - done, _scratch.Length);
                    ReadExactly(address + done, _scratch, 0, n);
                    for (int i = 0; i < n; i++) _scratch[i] = (byte)(_scratch[i] & data[offset + done + i]);
                    _file.Write(address + done, _scratch, 0, n);
                    done += n;
                }
                _file.Flush();
                _programCount++;
                _bytesProgrammed += count;
            }
        }

        /// <inheritdoc />
        public void Erase(int sector)
        {
            CheckSector(sector);
            lock (_sync)
            {
                WriteErased((long)sector * SectorSize, SectorSize);
                _file.Flush();
                _eraseCounts[sector]++;
                _totalErases++;
            }
        }

        private void WriteErased(long position, long count)
        {
            Fill(_scratch, 0xFF);
            for (long done = 0; done < count;)
            {
                int n = (int)(count - done < _scratch.Length ? count - done : _scratch.Length);
                _file.Write(position + done, _scratch, 0, n);
                done += n;
            }
        }

        private void ReadExactly(long position, byte[] into, int offset, int count)
        {
            int done = 0;
            while (done < count)
            {
                int n = _file.Read(position + done, into, offset + done, count - done);
                if (n <= 0) throw new BlockStoreException(BlockStoreError.OutOfRange, "flash file shorter than its geometry");
                done += n;
            }
        }

        private void CheckSector(int sector)
        {
            if (sector < 0 || sector >= SectorCount) throw new BlockStoreException(BlockStoreError.OutOfRange, "no such sector");
        }

        private void CheckRange(int address, int count)
        {
            if (address < 0 || count < 0 || address > (long)SectorSize * SectorCount - count)
                throw new BlockStoreException(BlockStoreError.OutOfRange, "address range");
        }

        private static void CheckBuffer(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || offset > buffer.Length - count)
                throw new BlockStoreException(BlockStoreError.OutOfRange, "buffer range");
        }

        private static int Min(int a, int b) { return a < b ? a : b; }

        private static void Fill(byte[] a, byte value)
        {
            for (int i = 0; i < a.Length; i++) a[i] = value;
        }
    }
}
