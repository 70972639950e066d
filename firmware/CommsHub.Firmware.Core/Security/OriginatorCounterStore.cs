using System;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Core.Security
{
    /// <summary>
    /// Anti-replay state: per remote party the last accepted originator counter (a command is fresh only when its
    /// counter is strictly greater), plus the hub's own originator counter for the alerts it raises. Persisted as
    /// snapshot records in a <see cref="RecordLog"/> on its own sectors, so a reboot never reopens a replay window.
    /// <para>
    /// The own counter is reserved in blocks of <see cref="OwnCounterBlock"/>: only the reservation is written, so
    /// raising an alert costs a flash write once per block, and after a power cut counting resumes above anything
    /// that may have been sent. Not thread-safe.
    /// </para>
    /// </summary>
    public sealed class OriginatorCounterStore
    {
        /// <summary>Record kind of a counter snapshot.</summary>
        public const int RecordKind = 0x43;
        /// <summary>Own counters reserved per flash write.</summary>
        public const ulong OwnCounterBlock = 64;
        /// <summary>Remote parties tracked by <see cref="Open(IBlockStore, ulong)"/> (GBCS has seven roles; spare cells cover anchor replacement).</summary>
        public const int Capacity = 16;
        /// <summary>The most parties a snapshot can hold (its count is one byte).</summary>
        public const int MaxCapacity = 255;
        private const int EntryLength = 16;
        private const int MaxBodyLength = 1 + 8 + MaxCapacity * EntryLength;

        private readonly RecordLog _records;
        private readonly int _capacity;
        private readonly ulong[] _parties;
        private readonly ulong[] _counters;
        private readonly byte[] _body;
        private int _count;
        private ulong _ownNext;
        private ulong _ownReserved;

        // The table holds `size` parties: its capacity, or more when the stored table holds more.
        private OriginatorCounterStore(RecordLog records, int capacity, int size)
        {
            _records = records;
            _capacity = capacity;
            _parties = new ulong[size];
            _counters = new ulong[size];
            _body = new byte[1 + 8 + size * EntryLength];
        }

        /// <summary>
        /// Mounts the store on <paramref name="store"/> (its own sectors) and restores the counters.
        /// <paramref name="firstOwnCounter"/> is where the own counter starts on blank flash.
        /// </summary>
        public static OriginatorCounterStore Open(IBlockStore store, ulong firstOwnCounter)
        {
            return Open(store, firstOwnCounter, Capacity);
        }

        /// <summary>
        /// As <see cref="Open(IBlockStore, ulong)"/>, for a table of <paramref name="capacity"/> parties (a firmware
        /// whose table is another size than <see cref="Capacity"/>). A table stored under a larger capacity still loads
        /// with every counter it holds (dropping any would make its party's old commands fresh again): it then reports
        /// full to new parties until <see cref="ForgetUnanchored"/> brings it under <paramref name="capacity"/>.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not 1..<see cref="MaxCapacity"/>.</exception>
        public static OriginatorCounterStore Open(IBlockStore store, ulong firstOwnCounter, int capacity)
        {
            if (capacity < 1 || capacity > MaxCapacity) throw new ArgumentOutOfRangeException("capacity");
            RecordLog records = RecordLog.Mount(store);
            byte[] stored = null;
            int length = 0;
            int size = capacity;
            if (records.HasRecord && records.LatestKind == RecordKind && records.LatestLength <= MaxBodyLength)
            {
                stored = new byte[records.LatestLength];
                length = records.ReadLatest(stored, 0);
                if (length > 0 && stored[0] > size) size = stored[0];
            }
            OriginatorCounterStore s = new OriginatorCounterStore(records, capacity, size);
            s._ownNext = firstOwnCounter;
            s._ownReserved = firstOwnCounter;
            if (stored != null) s.Decode(stored, length);
            return s;
        }

        /// <summary>Number of parties with a recorded counter.</summary>
        public int Count { get { return _count; } }

        /// <summary>The last accepted counter of <paramref name="party"/>, or 0 when none was accepted.</summary>
        public ulong LastAccepted(ulong party)
        {
            int i = IndexOf(party);
            return i < 0 ? 0 : _counters[i];
        }

        /// <summary>True when <paramref name="counter"/> is strictly greater than the party's last accepted one.</summary>
        public bool IsFresh(ulong party, ulong counter)
        {
            int i = IndexOf(party);
            return i < 0 ? counter > 0 : counter > _counters[i];
        }

        /// <summary>
        /// Records <paramref name="counter"/> as the party's last accepted one and persists it before returning. Call it
        /// only for an authenticated, fresh command. Returns false (nothing changed) when the counter is not fresh or the
        /// table is full of other parties.
        /// </summary>
        /// <exception cref="BlockStoreException">flash failure: the previous counter stays in force.</exception>
        public bool Accept(ulong party, ulong counter)
        {
            if (!IsFresh(party, counter)) return false;
            int i = IndexOf(party);
            if (i < 0)
            {
                if (_count >= _capacity) return false;
                i = _count;
                _parties[i] = party;
                _counters[i] = 0;
                _count++;
            }
            ulong old = _counters[i];
            _counters[i] = counter;
            try
            {
                Persist(_ownReserved);
            }
            catch (BlockStoreException)
            {
                _counters[i] = old;
                if (old == 0) _count--;
                throw;
            }
            return true;
        }

        /// <summary>
        /// Drops the counters of parties that no cell of <paramref name="anchors"/> names (their cells were replaced, as
        /// a change of supplier does), to make room in a full table: the table is persisted and never shrinks by itself,
        /// so over a hub's life it fills with former parties. A dropped party cannot originate a command while it holds
        /// no cell. Not written by itself: the next <see cref="Accept"/> persists the table without them. Returns how
        /// many were dropped.
        /// </summary>
        public int ForgetUnanchored(TrustAnchors anchors)
        {
            if (anchors == null) throw new ArgumentNullException("anchors");
            int kept = 0;
            for (int i = 0; i < _count; i++)
            {
                if (anchors.FindByEui(_parties[i]) == null) continue;
                _parties[kept] = _parties[i];
                _counters[kept] = _counters[i];
                kept++;
            }
            int dropped = _count - kept;
            _count = kept;
            return dropped;
        }

        /// <summary>
        /// The next own originator counter (for alerts the hub originates). Strictly rising across reboots.
        /// </summary>
        /// <exception cref="BlockStoreException">flash failure while reserving the next block.</exception>
        public ulong NextOwnCounter()
        {
            if (_ownNext >= _ownReserved)
            {
                ulong reserve = _ownNext + OwnCounterBlock;
                Persist(reserve);
                _ownReserved = reserve;
            }
            return _ownNext++;
        }

        private int IndexOf(ulong party)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_parties[i] == party) return i;
            }
            return -1;
        }

        private void Persist(ulong ownReserved)
        {
            _body[0] = (byte)_count;
            BigEndian.WriteUInt64(_body, 1, ownReserved);
            for (int i = 0; i < _count; i++)
            {
                BigEndian.WriteUInt64(_body, 9 + i * EntryLength, _parties[i]);
                BigEndian.WriteUInt64(_body, 17 + i * EntryLength, _counters[i]);
            }
            _records.Append(RecordKind, _body, 0, 9 + _count * EntryLength);
        }

        private void Decode(byte[] body, int length)
        {
            if (length < 9) return;
            int n = body[0];
            if (n > _parties.Length || length != 9 + n * EntryLength) return;
            ulong reserved = BigEndian.ReadUInt64(body, 1);
            // Counting resumes at the reservation: every value below it may already have been used before the cut.
            if (reserved > _ownNext)
            {
                _ownNext = reserved;
                _ownReserved = reserved;
            }
            _count = n;
            for (int i = 0; i < n; i++)
            {
                _parties[i] = BigEndian.ReadUInt64(body, 9 + i * EntryLength);
                _counters[i] = BigEndian.ReadUInt64(body, 17 + i * EntryLength);
            }
        }
    }
}
