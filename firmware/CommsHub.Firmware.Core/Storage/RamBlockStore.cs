using System;

namespace CommsHub.Firmware.Core.Storage
{
    /// <summary>
    /// In-memory <see cref="IBlockStore"/> with NOR semantics and power-cut injection, for tests, the self-test and
    /// the virtual hub. A cut leaves the flash as real hardware would: the interrupted program has written a prefix
    /// and the byte at the cut is half-programmed (some of its bits cleared); an interrupted erase leaves the sector
    /// partly erased. Which bits are affected is deterministic from the seed, so every failing case replays.
    /// After a cut every call throws <see cref="PowerLossException"/> until <see cref="Restart"/> (or a new instance
    /// over the same <see cref="Flash"/> array, which is what a reboot looks like).
    /// </summary>
    public sealed class RamBlockStore : IBlockStore
    {
        private readonly byte[] _flash;
        private readonly int _sectorSize;
        private readonly int _sectorCount;
        private readonly int[] _eraseCounts;
        private long _programCount;
        private long _bytesProgrammed;
        private long _totalErases;
        private uint _rng;
        private bool _powerLost;
        // Bytes still allowed before the program cut; -1 = no cut scheduled.
        private long _bytesBeforeCut = -1;
        // Erases still allowed before the erase cut; -1 = no cut scheduled.
        private int _erasesBeforeCut = -1;
        private int _eraseCutPrefix;

        /// <summary>Creates erased flash (all 0xFF).</summary>
        public RamBlockStore(int sectorSize, int sectorCount, uint seed)
            : this(NewErased(sectorSize, sectorCount), sectorSize, seed)
        {
        }

        /// <summary>
        /// Mounts existing flash contents, e.g. the array of a store that lost power. The length of
        /// <paramref name="flash"/> must be a whole number of sectors.
        /// </summary>
        public RamBlockStore(byte[] flash, int sectorSize, uint seed)
        {
            if (flash == null) throw new ArgumentNullException("flash");
            if (sectorSize <= 0 || flash.Length == 0 || flash.Length % sectorSize != 0)
                throw new ArgumentException("flash must hold a whole number of sectors");
            _flash = flash;
            _sectorSize = sectorSize;
            _sectorCount = flash.Length / sectorSize;
            _eraseCounts = new int[_sectorCount];
            _rng = Mix(seed);
        }

        /// <summary>The backing array (the flash contents); share it with a new instance to simulate a reboot.</summary>
        public byte[] Flash { get { return _flash; } }

        /// <inheritdoc />
        public int SectorSize { get { return _sectorSize; } }

        /// <inheritdoc />
        public int SectorCount { get { return _sectorCount; } }

        /// <inheritdoc />
        public long ProgramCount { get { return _programCount; } }

        /// <inheritdoc />
        public long BytesProgrammed { get { return _bytesProgrammed; } }

        /// <inheritdoc />
        public long TotalErases { get { return _totalErases; } }

        /// <summary>True after a cut until <see cref="Restart"/>.</summary>
        public bool PowerLost { get { return _powerLost; } }

        /// <summary>
        /// While true, every program and erase is refused with <see cref="BlockStoreError.NotErased"/> before it touches
        /// the flash, as worn-out NOR refuses (bits stuck at 0); reads still work. Not a power loss: the caller runs on.
        /// </summary>
        public bool WornOut { get; set; }

        /// <inheritdoc />
        public int GetEraseCount(int sector)
        {
            if (sector < 0 || sector >= _sectorCount) throw new BlockStoreException(BlockStoreError.OutOfRange, "no such sector");
            return _eraseCounts[sector];
        }

        /// <summary>
        /// Schedules a power cut once <paramref name="bytes"/> more bytes have been programmed: the byte after them is
        /// torn (a seeded subset of its bits to clear is cleared) and the call throws. 0 tears the very next byte.
        /// </summary>
        public void CutPowerAfterBytes(long bytes)
        {
            if (bytes < 0) throw new ArgumentOutOfRangeException("bytes");
            _bytesBeforeCut = bytes;
        }

        /// <summary>
        /// Schedules a power cut during an erase: <paramref name="erasesBefore"/> erases complete first, then the next one
        /// sets only the first <paramref name="erasedPrefix"/> bytes to 0xFF (-1 = a seeded length), sets random bits
        /// of the byte after them, leaves the rest as it was and throws.
        /// </summary>
        public void CutPowerDuringErase(int erasesBefore, int erasedPrefix)
        {
            if (erasesBefore < 0) throw new ArgumentOutOfRangeException("erasesBefore");
            if (erasedPrefix > _sectorSize) throw new ArgumentOutOfRangeException("erasedPrefix");
            _erasesBeforeCut = erasesBefore;
            _eraseCutPrefix = erasedPrefix;
        }

        /// <summary>Cancels any scheduled cut.</summary>
        public void CancelPowerCut()
        {
            _bytesBeforeCut = -1;
            _erasesBeforeCut = -1;
        }

        /// <summary>Power comes back: cancels scheduled cuts and makes the store usable again; contents stay as they are.</summary>
        public void Restart()
        {
            CancelPowerCut();
            _powerLost = false;
        }

        /// <inheritdoc />
        public void Read(int address, byte[] buffer, int offset, int count)
        {
            CheckPower();
            CheckRange(address, count);
            if (buffer == null || offset < 0 || count < 0 || offset > buffer.Length - count)
                throw new BlockStoreException(BlockStoreError.OutOfRange, "buffer range");
            Array.Copy(_flash, address, buffer, offset, count);
        }

        /// <inheritdoc />
        public void Program(int address, byte[] data, int offset, int count)
        {
            CheckPower();
            CheckWear();
            CheckRange(address, count);
            if (data == null || offset < 0 || count < 0 || offset > data.Length - count)
                throw new BlockStoreException(BlockStoreError.OutOfRange, "data range");
            // Check the whole range first so that a refused call changes nothing.
            for (int i = 0; i < count; i++)
            {
                if ((data[offset + i] & ~_flash[address + i] & 0xFF) != 0)
                    throw new BlockStoreException(BlockStoreError.NotErased,
                        "byte at 0x" + (address + i).ToString("X") + " is not erased");
            }
            _programCount++;
            if (_bytesBeforeCut >= 0 && _bytesBeforeCut < count)
            {
                int written = (int)_bytesBeforeCut;
                for (int i = 0; i < written; i++) _flash[address + i] &= data[offset + i];
                int at = address + written;
                int toClear = _flash[at] & ~data[offset + written] & 0xFF;
                _flash[at] = (byte)(_flash[at] & ~(toClear & (int)(NextRandom() & 0xFF)));
                _bytesProgrammed += written + 1;
                LosePower();
                throw new PowerLossException("power lost while programming 0x" + at.ToString("X"));
            }
            for (int i = 0; i < count; i++) _flash[address + i] &= data[offset + i];
            _bytesProgrammed += count;
            if (_bytesBeforeCut >= 0) _bytesBeforeCut -= count;
        }

        /// <inheritdoc />
        public void Erase(int sector)
        {
            CheckPower();
            CheckWear();
            if (sector < 0 || sector >= _sectorCount) throw new BlockStoreException(BlockStoreError.OutOfRange, "no such sector");
            int start = sector * _sectorSize;
            _eraseCounts[sector]++;
            _totalErases++;
            if (_erasesBeforeCut == 0)
            {
                int prefix = _eraseCutPrefix >= 0 ? _eraseCutPrefix : (int)(NextRandom() % (uint)(_sectorSize + 1));
                for (int i = 0; i < prefix; i++) _flash[start + i] = 0xFF;
                if (prefix < _sectorSize) _flash[start + prefix] |= (byte)NextRandom();
                LosePower();
                throw new PowerLossException("power lost while erasing sector " + sector.ToString());
            }
            if (_erasesBeforeCut > 0) _erasesBeforeCut--;
            for (int i = 0; i < _sectorSize; i++) _flash[start + i] = 0xFF;
        }

        private void LosePower()
        {
            _powerLost = true;
            _bytesBeforeCut = -1;
            _erasesBeforeCut = -1;
        }

        private void CheckPower()
        {
            if (_powerLost) throw new PowerLossException("no power");
        }

        private void CheckWear()
        {
            if (WornOut) throw new BlockStoreException(BlockStoreError.NotErased, "sector worn out");
        }

        private void CheckRange(int address, int count)
        {
            if (address < 0 || count < 0 || address > _flash.Length - count)
                throw new BlockStoreException(BlockStoreError.OutOfRange, "address range");
        }

        private uint NextRandom()
        {
            // xorshift32: deterministic on every platform (System.Random's sequence is not specified).
            uint x = _rng;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _rng = x;
            return x;
        }

        private static uint Mix(uint x)
        {
            // Scramble the seed (lowbias32) so that neighbouring seeds give unrelated torn bytes.
            x ^= x >> 16;
            x *= 0x7FEB352Du;
            x ^= x >> 15;
            x *= 0x846CA68Bu;
            x ^= x >> 16;
            return x == 0 ? 0x9E3779B9u : x;
        }

        private static byte[] NewErased(int sectorSize, int sectorCount)
        {
            if (sectorSize <= 0 || sectorCount <= 0) throw new ArgumentException("sector size and count must be positive");
            byte[] b = new byte[sectorSize * sectorCount];
            for (int i = 0; i < b.Length; i++) b[i] = 0xFF;
            return b;
        }
    }
}
