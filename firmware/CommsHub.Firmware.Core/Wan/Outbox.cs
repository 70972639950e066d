using System;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Core.Wan
{
    /// <summary>
    /// The persisted queue of GBCS frames for <c>chub/{EUI}/up</c>: <see cref="Send"/> returns once the frame is
    /// committed to flash; an entry leaves only after the broker acknowledged it (<see cref="Acknowledge"/>), so
    /// delivery is at least once and in order, across broker outages, reboots and power cuts.
    /// <para>
    /// Layout: an append-only log over its own sectors of an <see cref="IBlockStore"/>, in the record format of
    /// <see cref="RecordLog"/> (commit byte programmed last, header and record CRC-32, global sequence number).
    /// Two record kinds: an <em>entry</em> (the frame; its record sequence number is its id) and a <em>mark</em> (the
    /// highest id delivered: everything up to it is gone). Live entries are exactly those above the newest mark,
    /// a contiguous suffix of the log, so no per-entry deletion is ever written.
    /// </para>
    /// <para>
    /// Power-cut rules: a record counts only when committed with both CRCs valid, so a torn write is never read back
    /// (never delivered) and never hides an earlier record. Sectors are used in rotation; the next sector is erased
    /// only when it holds no live entry, and every sector starts with a mark carrying the current delivered id, so
    /// erasing the oldest sector can never resurrect or lose anything. Nothing is ever appended behind a torn tail:
    /// the next record moves to a fresh sector.
    /// </para>
    /// Thread-safe: the engine may queue on one thread while the WAN link drains on another.
    /// </summary>
    public sealed class Outbox : IUplink
    {
        private const int KindEntry = 0x0E;
        private const int KindMark = 0x0D;
        private const int MarkBodyLength = 4;
        private const int ChunkSize = 128;

        private readonly object _sync = new object();
        private readonly IBlockStore _store;
        private readonly int _firstSector;
        private readonly int _sectors;
        private readonly int _sectorSize;
        private readonly int _capacity;
        private readonly byte[] _header = new byte[RecordFormat.HeaderSize];
        private readonly byte[] _chunk = new byte[ChunkSize];
        private readonly byte[] _markBody = new byte[MarkBodyLength];

        // Live entries, oldest first, as a ring: where each record sits and its id.
        private int[] _address;
        private int[] _length;
        private uint[] _id;
        private int _head;
        private int _live;

        private uint _sequence;      // last record sequence written or found
        private uint _delivered;     // highest id acknowledged (RAM; may be ahead of flash)
        private uint _markOnFlash;   // highest id a committed mark carries
        private int _active = -1;    // sector (0-based in our window) taking appends, -1 when none
        private int _free;           // next free offset in the active sector
        private bool _tailDirty;     // the active sector's tail is not known to be erased: do not append there

        private Outbox(IBlockStore store, int firstSector, int sectors, int capacity)
        {
            _store = store;
            _firstSector = firstSector;
            _sectors = sectors;
            _sectorSize = store.SectorSize;
            _capacity = capacity;
        }

        /// <summary>
        /// Mounts the outbox on sectors <paramref name="firstSector"/> .. +<paramref name="sectorCount"/>-1 of
        /// <paramref name="store"/> (its own: nothing else may write there) and recovers the queue from flash.
        /// Never fails on garbage: torn or foreign data does not count.
        /// </summary>
        /// <exception cref="ArgumentException">fewer than 2 sectors, sectors below 256 bytes, a window outside the
        /// store, or capacity below 1.</exception>
        public static Outbox Mount(IBlockStore store, int firstSector, int sectorCount, int capacity)
        {
            if (store == null) throw new ArgumentNullException("store");
            if (sectorCount < 2) throw new ArgumentException("an outbox needs at least 2 sectors to rotate");
            if (firstSector < 0 || firstSector > store.SectorCount - sectorCount) throw new ArgumentException("sector window outside the store");
            if (store.SectorSize < 256) throw new ArgumentException("sectors must hold at least 256 bytes");
            if (capacity < 1) throw new ArgumentException("capacity must be at least 1");
            Outbox o = new Outbox(store, firstSector, sectorCount, capacity);
            o.Recover();
            return o;
        }

        /// <summary>Most entries queued at once.</summary>
        public int Capacity { get { return _capacity; } }

        /// <summary>Entries waiting for delivery.</summary>
        public int Count { get { lock (_sync) { return _live; } } }

        /// <summary>Largest frame one entry can hold (an entry never spans sectors and shares one with a mark).</summary>
        public int MaxFrameLength
        {
            get
            {
                int max = _sectorSize - RecordFormat.Footprint(MarkBodyLength) - RecordFormat.Overhead;
                while (max > 0 && RecordFormat.Footprint(max) + RecordFormat.Footprint(MarkBodyLength) > _sectorSize) max--;
                return max > 0xFFFF ? 0xFFFF : max;
            }
        }

        /// <summary>Id of the oldest undelivered entry (0 when empty). Ids rise by at least 1 per entry.</summary>
        public uint HeadId { get { lock (_sync) { return _live == 0 ? 0 : _id[_head]; } } }

        /// <summary>Length of the oldest undelivered entry (0 when empty).</summary>
        public int HeadLength { get { lock (_sync) { return _live == 0 ? 0 : _length[_head]; } } }

        /// <summary>
        /// How many more frames of up to <paramref name="frameLength"/> bytes can be queued now, whatever is delivered
        /// meanwhile (<see cref="IUplink.RoomFor"/>): the entry count left, and the flash left without erasing a sector
        /// that holds a live entry. Each frame is counted with a mark beside it (every delivery writes one), and an entry
        /// never spans sectors, so this is a lower bound: frames of that size are never refused for room below it.
        /// </summary>
        public int RoomFor(int frameLength)
        {
            if (frameLength < 1) frameLength = 1;
            if (frameLength > MaxFrameLength) return 0;
            int perFrame = RecordFormat.Footprint(frameLength) + RecordFormat.Footprint(MarkBodyLength);
            int perSector = (_sectorSize - RecordFormat.Footprint(MarkBodyLength)) / perFrame;
            lock (_sync)
            {
                int byCount = _capacity - _live;
                if (byCount <= 0) return 0;
                int bySpace;
                if (_active < 0)
                {
                    bySpace = _sectors * perSector;
                }
                else
                {
                    bySpace = _tailDirty ? 0 : (_sectorSize - _free) / perFrame;
                    // Sectors after the active one, in rotation order, up to the one holding the oldest live entry.
                    int head = _live == 0 ? _active : SectorOf(_address[_head]);
                    int free = head == _active ? _sectors - 1 : (head - _active - 1 + _sectors) % _sectors;
                    bySpace += free * perSector;
                }
                return bySpace < byCount ? bySpace : byCount;
            }
        }

        /// <summary>Queues a frame; true once it is durably committed (<see cref="IUplink.Send"/>).</summary>
        public bool Send(byte[] frame, int offset, int count)
        {
            return Enqueue(frame, offset, count) == OutboxResult.Queued;
        }

        /// <summary>Queues a frame and says why not when it could not.</summary>
        /// <exception cref="ArgumentException">null or empty frame, or bad range.</exception>
        public OutboxResult Enqueue(byte[] frame, int offset, int count)
        {
            if (frame == null || offset < 0 || count < 1 || offset > frame.Length - count) throw new ArgumentException("frame range");
            if (count > MaxFrameLength) return OutboxResult.TooLarge;
            lock (_sync)
            {
                if (_live >= _capacity) return OutboxResult.Full;
                int address;
                try
                {
                    address = Append(KindEntry, frame, offset, count);
                }
                catch (BlockStoreException)
                {
                    // The flash position is unknown after a failed program: never append behind it.
                    _tailDirty = true;
                    return OutboxResult.StorageError;
                }
                if (address < 0) return OutboxResult.Full;
                int slot = (_head + _live) % _address.Length;
                _address[slot] = address;
                _length[slot] = count;
                _id[slot] = _sequence;
                _live++;
                return OutboxResult.Queued;
            }
        }

        /// <summary>
        /// Copies the oldest undelivered frame into <paramref name="buffer"/> and returns its length (0 when empty).
        /// <paramref name="id"/> is what to pass to <see cref="Acknowledge"/> once the broker has it.
        /// </summary>
        /// <exception cref="ArgumentException">buffer too small for the frame.</exception>
        /// <exception cref="BlockStoreException">flash read failure.</exception>
        public int ReadHead(byte[] buffer, int offset, out uint id)
        {
            return ReadAt(0, buffer, offset, out id);
        }

        /// <summary>
        /// Copies the undelivered frame at <paramref name="position"/> (0 is the oldest) into <paramref name="buffer"/>
        /// and returns its length (0 when there are not that many). <paramref name="id"/> is its id; acknowledging it
        /// also removes every older entry, so a sender with several frames in flight acknowledges in order.
        /// </summary>
        /// <exception cref="ArgumentException">buffer too small for the frame.</exception>
        /// <exception cref="BlockStoreException">flash read failure.</exception>
        public int ReadAt(int position, byte[] buffer, int offset, out uint id)
        {
            lock (_sync)
            {
                id = 0;
                if (position < 0 || position >= _live) return 0;
                int slot = (_head + position) % _address.Length;
                int n = _length[slot];
                if (buffer == null || offset < 0 || offset > buffer.Length - n) throw new ArgumentException("buffer too small for the frame");
                _store.Read(_address[slot], buffer, offset, n);
                id = _id[slot];
                return n;
            }
        }

        /// <summary>
        /// The broker acknowledged entry <paramref name="id"/>: it is removed (with any older ones). The removal is
        /// persisted as a mark when there is room; if the flash cannot take it now, it is written with the next
        /// record, and until then a reboot redelivers the entry (at least once: duplicates are allowed, loss is not).
        /// False when no queued entry has this id.
        /// </summary>
        public bool Acknowledge(uint id)
        {
            lock (_sync)
            {
                if (_live == 0 || id < _id[_head] || !Holds(id)) return false;
                while (_live > 0 && _id[_head] <= id)
                {
                    _head = (_head + 1) % _address.Length;
                    _live--;
                }
                _delivered = id;
                PersistMark();
                return true;
            }
        }

        /// <summary>True when the delivered position in RAM is ahead of the one on flash (a reboot would redeliver).</summary>
        public bool HasUnpersistedAcknowledgement { get { lock (_sync) { return _delivered != _markOnFlash; } } }

        private bool Holds(uint id)
        {
            for (int i = 0; i < _live; i++)
            {
                if (_id[(_head + i) % _address.Length] == id) return true;
            }
            return false;
        }

        private void PersistMark()
        {
            if (_markOnFlash == _delivered) return;
            BigEndian.WriteUInt32(_markBody, 0, _delivered);
            try
            {
                Append(KindMark, _markBody, 0, MarkBodyLength);
            }
            catch (BlockStoreException)
            {
                _tailDirty = true;
            }
        }

        // Writes one record and returns its body's flash address, or -1 when there is no room without erasing a
        // sector that still holds live entries. A rotation writes the sector's opening mark first, which also
        // persists the delivered position.
        private int Append(int kind, byte[] body, int offset, int count)
        {
            int footprint = RecordFormat.Footprint(count);
            if (_active < 0 || _tailDirty || _free + footprint > _sectorSize)
            {
                if (!Rotate()) return -1;
                // The opening mark already says what a mark would: do not write it twice.
                if (kind == KindMark) return Address(_active, RecordFormat.HeaderSize);
            }
            int at = _free;
            WriteRecord(_active, at, kind, body, offset, count);
            _free = at + footprint;
            if (kind == KindMark) _markOnFlash = BigEndian.ReadUInt32(body, offset);
            return Address(_active, at + RecordFormat.HeaderSize);
        }

        private bool Rotate()
        {
            int next = _active < 0 ? 0 : (_active + 1) % _sectors;
            // The next sector holds the oldest records; if the oldest live entry is there, erasing it would lose it.
            if (_live > 0 && SectorOf(_address[_head]) == next) return false;
            if (!IsErased(next, 0)) _store.Erase(_firstSector + next);
            // The opening mark carries the delivered position, so the newest mark never sits in the sector erased
            // next. Only once it is committed does the sector become the active one: a failure leaves the old active
            // sector (tail marked dirty by the caller) and the next attempt erases this same sector again.
            BigEndian.WriteUInt32(_markBody, 0, _delivered);
            WriteRecord(next, 0, KindMark, _markBody, 0, MarkBodyLength);
            _active = next;
            _free = RecordFormat.Footprint(MarkBodyLength);
            _markOnFlash = _delivered;
            _tailDirty = false;
            return true;
        }

        private void WriteRecord(int sector, int at, int kind, byte[] body, int offset, int count)
        {
            uint sequence = _sequence + 1;
            RecordFormat.WriteHeader(_header, kind, sequence, count);
            int address = Address(sector, at);
            uint crc = Crc32.Update(Crc32.Start(), _header, 1, RecordFormat.HeaderSize - 1);
            crc = Crc32.Finish(Crc32.Update(crc, body, offset, count));
            // Same order as RecordLog: header, body, CRC, then the commit byte alone. Until that last program
            // completes the record does not exist, whatever part of the rest reached the flash.
            _store.Program(address + 1, _header, 1, RecordFormat.HeaderSize - 1);
            if (count > 0) _store.Program(address + RecordFormat.HeaderSize, body, offset, count);
            BigEndian.WriteUInt32(_chunk, 0, crc);
            _store.Program(address + RecordFormat.HeaderSize + count, _chunk, 0, RecordFormat.TrailerSize);
            _chunk[0] = RecordFormat.Committed;
            _store.Program(address, _chunk, 0, 1);
            _sequence = sequence;
        }

        private void Recover()
        {
            // Pass 1: the newest valid record (the active sector and the sequence) and the newest mark.
            for (int s = 0; s < _sectors; s++)
            {
                int p = 0;
                while (NextRecord(s, ref p))
                {
                    uint seq = BigEndian.ReadUInt32(_header, 4);
                    if (seq > _sequence)
                    {
                        _sequence = seq;
                        _active = s;
                    }
                    if (_header[2] == KindMark)
                    {
                        _store.Read(Address(s, p - RecordFormat.Footprint(MarkBodyLength) + RecordFormat.HeaderSize), _markBody, 0, MarkBodyLength);
                        uint mark = BigEndian.ReadUInt32(_markBody, 0);
                        if (mark > _markOnFlash) _markOnFlash = mark;
                    }
                }
            }
            _delivered = _markOnFlash;
            // Pass 2 counts the live entries so the index is sized once (at least the capacity); pass 3 fills it.
            int live = CollectLive(false);
            int size = live > _capacity ? live : _capacity;
            _address = new int[size];
            _length = new int[size];
            _id = new uint[size];
            CollectLive(true);
        }

        private int CollectLive(bool fill)
        {
            if (_active < 0) return 0;
            int n = 0;
            // Sectors in rotation order after the active one run from oldest to newest, so this is log order.
            for (int k = 1; k <= _sectors; k++)
            {
                int s = (_active + k) % _sectors;
                int p = 0;
                while (NextRecord(s, ref p))
                {
                    uint seq = BigEndian.ReadUInt32(_header, 4);
                    int length = BigEndian.ReadUInt16(_header, 8);
                    if (_header[2] != KindEntry || seq <= _delivered) continue;
                    if (fill)
                    {
                        _address[n] = Address(s, p - RecordFormat.Footprint(length) + RecordFormat.HeaderSize);
                        _length[n] = length;
                        _id[n] = seq;
                    }
                    n++;
                }
                if (fill && s == _active)
                {
                    _free = p;
                    // Never append behind a torn or uncommitted record: it would hide everything after it.
                    _tailDirty = !IsErased(s, p);
                }
            }
            if (fill) _live = n;
            return n;
        }

        // Walks sector s from offset p to the next committed, CRC-valid record: true with its header in _header and
        // p moved past it; false at the end of the sector's records (erased space, or garbage that cannot be walked).
        // Uncommitted or corrupt records with a sound header are stepped over; nothing valid follows them anyway.
        private bool NextRecord(int s, ref int p)
        {
            while (p + RecordFormat.Overhead <= _sectorSize)
            {
                _store.Read(Address(s, p), _header, 0, RecordFormat.HeaderSize);
                if (RecordFormat.HeaderErased(_header) || !RecordFormat.HeaderValid(_header, _sectorSize - p)) return false;
                int length = BigEndian.ReadUInt16(_header, 8);
                int at = p;
                p += RecordFormat.Footprint(length);
                if (_header[0] == RecordFormat.Committed && BodyValid(Address(s, at), length))
                {
                    _store.Read(Address(s, at), _header, 0, RecordFormat.HeaderSize);
                    return true;
                }
            }
            return false;
        }

        private bool BodyValid(int address, int length)
        {
            return FlashScan.RecordCrcMatches(_store, _header, address, length, _chunk);
        }

        private bool IsErased(int sector, int from)
        {
            return FlashScan.IsErased(_store, Address(sector, from), _sectorSize - from, _chunk);
        }

        private int SectorOf(int address)
        {
            return address / _sectorSize - _firstSector;
        }

        private int Address(int sector, int offset)
        {
            return (_firstSector + sector) * _sectorSize + offset;
        }
    }
}
