using System;

namespace CommsHub.Firmware.Core.Storage
{
    /// <summary>
    /// A window of whole sectors of a parent <see cref="IBlockStore"/> presented as a store of its own, so that every
    /// persisted part of the hub (device log, counters, logs, outbox) can live on one physical flash without being able
    /// to touch its neighbours: every address and sector is checked against the window before the parent sees it.
    /// <para>
    /// Wear figures (<see cref="ProgramCount"/>, <see cref="BytesProgrammed"/>, <see cref="TotalErases"/>) count only
    /// what went through this partition, taken from the parent's own counters around each call so torn writes count
    /// as the parent counts them; <see cref="GetEraseCount"/> is the physical count of the sector. Calls are serialised
    /// on the parent, because one flash controller serves all partitions and the outbox is written from the WAN thread.
    /// </para>
    /// </summary>
    public sealed class FlashPartition : IBlockStore
    {
        private readonly IBlockStore _parent;
        private readonly int _firstSector;
        private readonly int _sectorCount;
        private readonly int _sectorSize;
        private readonly int _size;
        private readonly string _name;
        private long _programCount;
        private long _bytesProgrammed;
        private long _totalErases;

        /// <summary>Presents sectors <paramref name="firstSector"/> .. +<paramref name="sectorCount"/>-1 of <paramref name="parent"/>.</summary>
        /// <exception cref="ArgumentException">an empty window, or one outside the parent.</exception>
        public FlashPartition(IBlockStore parent, int firstSector, int sectorCount, string name)
        {
            if (parent == null) throw new ArgumentNullException("parent");
            if (sectorCount < 1) throw new ArgumentException("a partition needs at least one sector");
            if (firstSector < 0 || firstSector > parent.SectorCount - sectorCount) throw new ArgumentException("partition outside the flash");
            _parent = parent;
            _firstSector = firstSector;
            _sectorCount = sectorCount;
            _sectorSize = parent.SectorSize;
            _size = sectorCount * _sectorSize;
            _name = name == null ? "" : name;
        }

        /// <summary>The store this partition is carved from.</summary>
        public IBlockStore Parent { get { return _parent; } }

        /// <summary>First sector of the window in <see cref="Parent"/>.</summary>
        public int FirstSector { get { return _firstSector; } }

        /// <summary>Byte address of the window in <see cref="Parent"/>.</summary>
        public int ParentAddress { get { return _firstSector * _sectorSize; } }

        /// <summary>Size in bytes.</summary>
        public int Size { get { return _size; } }

        /// <summary>What the partition holds (diagnostics).</summary>
        public string Name { get { return _name; } }

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

        /// <summary>The highest erase count of any sector of this partition (its wear-out figure).</summary>
        public int MaxEraseCount
        {
            get
            {
                int max = 0;
                for (int i = 0; i < _sectorCount; i++)
                {
                    int n = GetEraseCount(i);
                    if (n > max) max = n;
                }
                return max;
            }
        }

        /// <inheritdoc />
        public int GetEraseCount(int sector)
        {
            CheckSector(sector);
            return _parent.GetEraseCount(_firstSector + sector);
        }

        /// <inheritdoc />
        public void Read(int address, byte[] buffer, int offset, int count)
        {
            CheckRange(address, count);
            lock (_parent)
            {
                _parent.Read(ParentAddress + address, buffer, offset, count);
            }
        }

        /// <inheritdoc />
        public void Program(int address, byte[] data, int offset, int count)
        {
            CheckRange(address, count);
            lock (_parent)
            {
                long programs = _parent.ProgramCount;
                long bytes = _parent.BytesProgrammed;
                try
                {
                    _parent.Program(ParentAddress + address, data, offset, count);
                }
                finally
                {
                    _programCount += _parent.ProgramCount - programs;
                    _bytesProgrammed += _parent.BytesProgrammed - bytes;
                }
            }
        }

        /// <inheritdoc />
        public void Erase(int sector)
        {
            CheckSector(sector);
            lock (_parent)
            {
                long erases = _parent.TotalErases;
                try
                {
                    _parent.Erase(_firstSector + sector);
                }
                finally
                {
                    _totalErases += _parent.TotalErases - erases;
                }
            }
        }

        /// <summary>The partition's name and window, e.g. "device log: sectors 0..1 (8192 bytes)".</summary>
        public override string ToString()
        {
            return _name + ": sectors " + _firstSector.ToString() + ".." + (_firstSector + _sectorCount - 1).ToString() +
                   " (" + _size.ToString() + " bytes)";
        }

        private void CheckSector(int sector)
        {
            if (sector < 0 || sector >= _sectorCount)
                throw new BlockStoreException(BlockStoreError.OutOfRange, "no such sector in partition " + _name);
        }

        private void CheckRange(int address, int count)
        {
            // The buffer range is the parent's to check; the window is ours, so a bad address never reaches a neighbour.
            if (address < 0 || count < 0 || address > _size - count)
                throw new BlockStoreException(BlockStoreError.OutOfRange, "address range outside partition " + _name);
        }
    }
}
