using System;
using System.Collections;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Core.Logs
{
    /// <summary>
    /// A persisted ring buffer of fixed-size log entries over an <see cref="IBlockStore"/> (its own sectors), safe
    /// against power loss at any byte. Entries are appended into fixed 32-byte slots, sector by sector; when the last
    /// slot is used the oldest sector is erased, so each append costs one small program and an erase only once per
    /// sector of entries (an append-only ring wears flash far less than rewriting a snapshot per entry).
    /// <para>
    /// Slot: commit(1) sequence(4) time(4) code(2) detail length(1) detail(16) CRC32(4). The commit byte is programmed
    /// last and only a slot whose commit byte is 00 and CRC verifies counts; a torn slot is skipped, never reused.
    /// Reads return at most <see cref="Capacity"/> newest entries (older ones that survive in flash until their sector
    /// is erased are hidden), so the capacity is exact whatever the sector geometry. Not thread-safe.
    /// </para>
    /// </summary>
    public sealed class LogRing
    {
        /// <summary>Bytes per slot.</summary>
        public const int SlotSize = 32;
        /// <summary>Largest detail an entry can carry.</summary>
        public const int MaxDetailLength = 16;
        private const int Committed = 0x00;

        private readonly IBlockStore _store;
        private readonly int _capacity;
        private readonly int _slotsPerSector;
        private readonly int _totalSlots;
        private readonly byte[] _slot = new byte[SlotSize];
        private int _nextSlot;
        private uint _nextSequence = 1;
        private int _count;
        private long _lost;

        private LogRing(IBlockStore store, int capacity)
        {
            _store = store;
            _capacity = capacity;
            _slotsPerSector = store.SectorSize / SlotSize;
            _totalSlots = _slotsPerSector * store.SectorCount;
        }

        /// <summary>Mounts the ring on <paramref name="store"/>, keeping the newest <paramref name="capacity"/> entries.</summary>
        /// <exception cref="ArgumentException">
        /// fewer than 2 sectors, or <paramref name="capacity"/> more than the sectors but one can hold (one sector is
        /// always being recycled).
        /// </exception>
        public static LogRing Open(IBlockStore store, int capacity)
        {
            if (store == null) throw new ArgumentNullException("store");
            if (store.SectorCount < 2) throw new ArgumentException("a log ring needs at least 2 sectors");
            if (capacity < 1 || capacity > (store.SectorCount - 1) * (store.SectorSize / SlotSize))
                throw new ArgumentException("capacity exceeds what all sectors but one can hold");
            LogRing r = new LogRing(store, capacity);
            r.Scan();
            return r;
        }

        /// <summary>Maximum number of entries kept.</summary>
        public int Capacity { get { return _capacity; } }

        /// <summary>Number of entries readable now (at most <see cref="Capacity"/>).</summary>
        public int Count { get { return _count; } }

        /// <summary>Sequence number the next entry will get.</summary>
        public uint NextSequence { get { return _nextSequence; } }

        /// <summary>
        /// Appends an entry, overwriting the oldest when full; durable when it returns.
        /// </summary>
        /// <exception cref="ArgumentException">detail longer than <see cref="MaxDetailLength"/>.</exception>
        /// <exception cref="BlockStoreException">flash failure.</exception>
        public void Append(uint time, int eventCode, byte[] detail, int detailOffset, int detailLength)
        {
            if (detailLength < 0 || detailLength > MaxDetailLength) throw new ArgumentException("detail too long");
            while (true)
            {
                if (_nextSlot % _slotsPerSector == 0)
                {
                    // Entering a sector: it holds the oldest entries (or is blank); recycle it before the first slot.
                    int sector = _nextSlot / _slotsPerSector;
                    if (!SlotErased(_nextSlot) || !SectorErased(sector)) _store.Erase(sector);
                }
                if (SlotErased(_nextSlot)) break;
                // A torn slot (power cut mid-append): skip it rather than program over garbage.
                _nextSlot = (_nextSlot + 1) % _totalSlots;
            }
            Array.Clear(_slot, 0, SlotSize);
            BigEndian.WriteUInt32(_slot, 1, _nextSequence);
            BigEndian.WriteUInt32(_slot, 5, time);
            BigEndian.WriteUInt16(_slot, 9, eventCode & 0xFFFF);
            _slot[11] = (byte)detailLength;
            if (detailLength > 0) Array.Copy(detail, detailOffset, _slot, 12, detailLength);
            uint crc = Crc32.Finish(Crc32.Update(Crc32.Start(), _slot, 1, SlotSize - 5));
            BigEndian.WriteUInt32(_slot, SlotSize - 4, crc);
            int address = _nextSlot * SlotSize;
            _store.Program(address + 1, _slot, 1, SlotSize - 1);
            _slot[0] = Committed;
            _store.Program(address, _slot, 0, 1);
            _nextSlot = (_nextSlot + 1) % _totalSlots;
            _nextSequence++;
            if (_count < _capacity) _count++;
        }

        /// <summary>
        /// <see cref="Append"/> for logs that are evidence, not gates (the event and security logs): a flash failure
        /// other than power loss (a worn-out sector, which a flood of logged rejections hastens) is counted in
        /// <see cref="LostEntries"/> and false returned, so the caller still answers, alerts or rejects what it logs.
        /// A slot the failure tore is skipped by the next append, as after a power cut.
        /// </summary>
        /// <exception cref="ArgumentException">detail longer than <see cref="MaxDetailLength"/>.</exception>
        /// <exception cref="PowerLossException">power lost: nothing runs after it.</exception>
        public bool TryAppend(uint time, int eventCode, byte[] detail, int detailOffset, int detailLength)
        {
            try
            {
                Append(time, eventCode, detail, detailOffset, detailLength);
                return true;
            }
            catch (BlockStoreException e) when (!(e is PowerLossException))
            {
                _lost++;
                return false;
            }
        }

        /// <summary>Entries <see cref="TryAppend"/> could not write since the ring was opened.</summary>
        public long LostEntries { get { return _lost; } }

        /// <summary>
        /// The entries with <paramref name="from"/> &lt;= time &lt;= <paramref name="to"/>, oldest first, at most
        /// <paramref name="max"/> of them (the newest win when more match).
        /// </summary>
        public LogEntry[] Read(uint from, uint to, int max)
        {
            ArrayList found = new ArrayList();
            uint oldest = _nextSequence - (uint)_count;
            // Slots in write order start just after the newest one.
            for (int k = 0; k < _totalSlots; k++)
            {
                int slot = (_nextSlot + k) % _totalSlots;
                if (!ReadSlot(slot)) continue;
                uint seq = BigEndian.ReadUInt32(_slot, 1);
                if (seq < oldest || seq >= _nextSequence) continue;
                uint time = BigEndian.ReadUInt32(_slot, 5);
                if (time < from || time > to) continue;
                LogEntry e = new LogEntry();
                e.Sequence = seq;
                e.Time = time;
                e.EventCode = BigEndian.ReadUInt16(_slot, 9);
                e.Detail = BigEndian.Slice(_slot, 12, _slot[11]);
                found.Add(e);
            }
            int skip = found.Count > max ? found.Count - max : 0;
            LogEntry[] r = new LogEntry[found.Count - skip];
            for (int i = 0; i < r.Length; i++) r[i] = (LogEntry)found[skip + i];
            return r;
        }

        private void Scan()
        {
            uint best = 0;
            int bestSlot = -1;
            int valid = 0;
            for (int s = 0; s < _totalSlots; s++)
            {
                if (!ReadSlot(s)) continue;
                valid++;
                uint seq = BigEndian.ReadUInt32(_slot, 1);
                if (bestSlot < 0 || seq > best)
                {
                    best = seq;
                    bestSlot = s;
                }
            }
            if (bestSlot < 0) return;
            _nextSequence = best + 1;
            _nextSlot = (bestSlot + 1) % _totalSlots;
            _count = valid < _capacity ? valid : _capacity;
        }

        // Reads a slot into _slot; true when it is a committed entry whose CRC verifies.
        private bool ReadSlot(int slot)
        {
            _store.Read(slot * SlotSize, _slot, 0, SlotSize);
            if (_slot[0] != Committed || _slot[11] > MaxDetailLength) return false;
            uint crc = Crc32.Finish(Crc32.Update(Crc32.Start(), _slot, 1, SlotSize - 5));
            return BigEndian.ReadUInt32(_slot, SlotSize - 4) == crc;
        }

        private bool SlotErased(int slot)
        {
            _store.Read(slot * SlotSize, _slot, 0, SlotSize);
            for (int i = 0; i < SlotSize; i++)
            {
                if (_slot[i] != 0xFF) return false;
            }
            return true;
        }

        private bool SectorErased(int sector)
        {
            int first = sector * _slotsPerSector;
            for (int i = 0; i < _slotsPerSector; i++)
            {
                if (!SlotErased(first + i)) return false;
            }
            return true;
        }
    }
}
