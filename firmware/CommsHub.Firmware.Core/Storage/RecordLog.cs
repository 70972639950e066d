using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Core.Storage
{
    /// <summary>
    /// Append-only, log-structured store of snapshot records over an <see cref="IBlockStore"/>, safe against power
    /// loss at any byte of any program or erase. The newest valid record is the current state.
    /// <para>
    /// Rules that make it safe: a record counts only if its header CRC, length, record CRC verify AND its commit
    /// byte (programmed last) reads 0x00, so a torn record is never taken as valid. Sectors are used in rotation;
    /// when the active sector is full (or has a torn tail) the next record goes into the next sector, which is
    /// erased first. That sector is always the one holding the oldest data, never the newest committed state, so
    /// the old state survives until the new record is committed. After a power cut the log never appends behind
    /// garbage: a non-erased tail moves the next record to a fresh sector.
    /// </para>
    /// After any <see cref="BlockStoreException"/> thrown from <see cref="Append"/> the in-memory position may be
    /// stale: mount again (that is what a reboot does).
    /// </summary>
    public sealed class RecordLog
    {
        private const int ChunkSize = 256;

        private readonly IBlockStore _store;
        private readonly int _sectorSize;
        private readonly int _sectorCount;
        // Small scratch buffers reused by every scan, so a mount allocates no per-record objects.
        private readonly byte[] _header = new byte[RecordFormat.HeaderSize];
        private readonly byte[] _chunk = new byte[ChunkSize];

        private int _activeSector = -1;
        private int _latestOffset;
        private int _latestLength;
        private int _latestKind;
        private uint _sequence;
        private int _freeOffset;
        private bool _tailDirty;

        private RecordLog(IBlockStore store)
        {
            _store = store;
            _sectorSize = store.SectorSize;
            _sectorCount = store.SectorCount;
        }

        /// <summary>
        /// Scans the store and returns a log positioned after the newest valid record. Never fails on garbage:
        /// torn, partially erased or foreign data simply does not count.
        /// </summary>
        /// <exception cref="ArgumentException">fewer than 2 sectors, or sectors too small for a record.</exception>
        public static RecordLog Mount(IBlockStore store)
        {
            if (store == null) throw new ArgumentNullException("store");
            if (store.SectorCount < 2) throw new ArgumentException("a record log needs at least 2 sectors to rotate");
            if (store.SectorSize < 64) throw new ArgumentException("sectors must hold at least 64 bytes");
            RecordLog log = new RecordLog(store);
            log.Scan();
            return log;
        }

        /// <summary>Largest body one record can carry (a record never spans sectors).</summary>
        public int MaxBodyLength
        {
            get
            {
                int max = ((_sectorSize - RecordFormat.Overhead) & ~(RecordFormat.Alignment - 1));
                return max > 0xFFFF ? 0xFFFF : max;
            }
        }

        /// <summary>True when a valid record exists.</summary>
        public bool HasRecord { get { return _activeSector >= 0; } }

        /// <summary>Sequence number of the newest valid record (0 when there is none).</summary>
        public uint LatestSequence { get { return _sequence; } }

        /// <summary>Kind byte of the newest valid record.</summary>
        public int LatestKind { get { return _latestKind; } }

        /// <summary>Body length of the newest valid record.</summary>
        public int LatestLength { get { return _latestLength; } }

        /// <summary>Sector holding the newest valid record (-1 when none).</summary>
        public int ActiveSector { get { return _activeSector; } }

        /// <summary>Copies the newest record's body into <paramref name="buffer"/> and returns its length (0 when none).</summary>
        public int ReadLatest(byte[] buffer, int offset)
        {
            if (_activeSector < 0) return 0;
            if (buffer == null || offset < 0 || offset > buffer.Length - _latestLength)
                throw new ArgumentException("buffer too small for the record");
            _store.Read(Address(_activeSector, _latestOffset + RecordFormat.HeaderSize), buffer, offset, _latestLength);
            return _latestLength;
        }

        /// <summary>
        /// Appends a record and returns what it cost. Once this returns, the record is the newest valid one and
        /// survives any later power cut; if power is lost during the call, a remount finds either this record or
        /// the previous newest one, never anything else.
        /// </summary>
        /// <exception cref="ArgumentException">body longer than <see cref="MaxBodyLength"/>, or kind not a byte.</exception>
        /// <exception cref="BlockStoreException">flash failure (including <see cref="PowerLossException"/>).</exception>
        public WriteReport Append(int kind, byte[] body, int offset, int count)
        {
            if (body == null || offset < 0 || count < 0 || offset > body.Length - count) throw new ArgumentException("body range");
            if (count > MaxBodyLength) throw new ArgumentException("record body too long for a sector");
            if (kind < 0 || kind > 0xFF) throw new ArgumentException("kind must be a byte");
            long bytesBefore = _store.BytesProgrammed;
            long callsBefore = _store.ProgramCount;
            long erasesBefore = _store.TotalErases;
            WriteReport report = new WriteReport();
            try
            {
                report.Relocated = WriteRecord(kind, body, offset, count);
            }
            catch (BlockStoreException e) when (e.Error == BlockStoreError.NotErased)
            {
                // Bits that should have been erased were not (a disturbed cell): abandon this sector and try once
                // in a freshly erased one; a second failure is a real hardware fault for the caller. A filter, not
                // catch-and-rethrow, so other failures (power loss) pass through untouched.
                _tailDirty = true;
                report.Relocated = WriteRecord(kind, body, offset, count);
            }
            report.BytesProgrammed = (int)(_store.BytesProgrammed - bytesBefore);
            report.ProgramCalls = (int)(_store.ProgramCount - callsBefore);
            report.Erases = (int)(_store.TotalErases - erasesBefore);
            return report;
        }

        private bool WriteRecord(int kind, byte[] body, int offset, int count)
        {
            int footprint = RecordFormat.Footprint(count);
            int sector;
            int at;
            bool relocated;
            if (_activeSector >= 0 && !_tailDirty && _freeOffset + footprint <= _sectorSize)
            {
                sector = _activeSector;
                at = _freeOffset;
                relocated = false;
            }
            else
            {
                // The next sector in rotation holds the oldest data (never the newest committed record), so it may
                // be erased now: the current state stays readable in the active sector until the new record commits.
                sector = _activeSector < 0 ? 0 : (_activeSector + 1) % _sectorCount;
                if (!IsErased(sector, 0)) _store.Erase(sector);
                at = 0;
                relocated = true;
            }
            uint sequence = _sequence + 1;
            RecordWriter.Write(_store, Address(sector, at), kind, sequence, body, offset, count, _header, _chunk);

            _activeSector = sector;
            _latestOffset = at;
            _latestLength = count;
            _latestKind = kind;
            _sequence = sequence;
            _freeOffset = at + footprint;
            _tailDirty = false;
            return relocated;
        }

        private void Scan()
        {
            _activeSector = -1;
            _sequence = 0;
            int bestSectorSeen = -1;
            // Pass 1: per sector, the last committed record whose header verifies. Checking only headers keeps a
            // mount cheap; the body CRC is checked on the winner (pass 2) and only a failure costs a full walk.
            uint[] lastSeq = new uint[_sectorCount];
            int[] lastAt = new int[_sectorCount];
            for (int s = 0; s < _sectorCount; s++)
            {
                lastAt[s] = -1;
                int p = 0;
                while (p + RecordFormat.Overhead <= _sectorSize)
                {
                    _store.Read(Address(s, p), _header, 0, RecordFormat.HeaderSize);
                    if (RecordFormat.HeaderErased(_header) || !RecordFormat.HeaderValid(_header, _sectorSize - p)) break;
                    if (_header[0] == RecordFormat.Committed)
                    {
                        lastAt[s] = p;
                        lastSeq[s] = BigEndian.ReadUInt32(_header, 4);
                    }
                    p += RecordFormat.Footprint(BigEndian.ReadUInt16(_header, 8));
                }
                if (lastAt[s] >= 0) bestSectorSeen = s;
            }
            if (bestSectorSeen < 0) return;
            // Pass 2: newest candidate first; a candidate whose body fails its CRC is replaced by the newest record
            // of its sector that does verify.
            while (true)
            {
                int best = -1;
                for (int s = 0; s < _sectorCount; s++)
                {
                    if (lastAt[s] >= 0 && (best < 0 || lastSeq[s] > lastSeq[best])) best = s;
                }
                if (best < 0) return;
                if (RecordValid(best, lastAt[best]))
                {
                    Select(best, lastAt[best]);
                    return;
                }
                lastAt[best] = NewestValidBefore(best, lastAt[best], out lastSeq[best]);
            }
        }

        private void Select(int sector, int at)
        {
            _store.Read(Address(sector, at), _header, 0, RecordFormat.HeaderSize);
            _activeSector = sector;
            _latestOffset = at;
            _latestKind = _header[2];
            _latestLength = BigEndian.ReadUInt16(_header, 8);
            _sequence = BigEndian.ReadUInt32(_header, 4);
            _freeOffset = at + RecordFormat.Footprint(_latestLength);
            // Anything but erased flash after the newest record (a torn or uncommitted record) must never have a
            // record appended behind it, or a later walk would stop at the garbage and miss it.
            _tailDirty = !IsErased(sector, _freeOffset);
        }

        private int NewestValidBefore(int sector, int limit, out uint sequence)
        {
            int found = -1;
            sequence = 0;
            int p = 0;
            while (p < limit)
            {
                _store.Read(Address(sector, p), _header, 0, RecordFormat.HeaderSize);
                int length = BigEndian.ReadUInt16(_header, 8);
                uint seq = BigEndian.ReadUInt32(_header, 4);
                if (_header[0] == RecordFormat.Committed && RecordValid(sector, p))
                {
                    found = p;
                    sequence = seq;
                }
                p += RecordFormat.Footprint(length);
            }
            return found;
        }

        private bool RecordValid(int sector, int at)
        {
            int address = Address(sector, at);
            _store.Read(address, _header, 0, RecordFormat.HeaderSize);
            if (_header[0] != RecordFormat.Committed || !RecordFormat.HeaderValid(_header, _sectorSize - at)) return false;
            return FlashScan.RecordCrcMatches(_store, _header, address, BigEndian.ReadUInt16(_header, 8), _chunk);
        }

        private bool IsErased(int sector, int from)
        {
            return FlashScan.IsErased(_store, Address(sector, from), _sectorSize - from, _chunk);
        }

        private int Address(int sector, int offset)
        {
            return sector * _sectorSize + offset;
        }
    }
}
