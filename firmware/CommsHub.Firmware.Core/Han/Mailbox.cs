using System;

namespace CommsHub.Firmware.Core.Han
{
    /// <summary>
    /// Commands held for one sleepy device (a GSME, served through the hub's GPF role) until it polls with a tunnel
    /// GET: first in, first out, bounded in count and bytes, each entry expiring at a fixed time. Frames are copied
    /// into the mailbox's own byte pool (allocated once, <c>maxBytes</c> long), so the WAN buffer they came from can be
    /// reused at once and queueing never allocates; the bridge reuses a mailbox for another device once it is empty
    /// (<see cref="Reassign"/>). Times are <see cref="DateTime.Ticks"/> (UTC). Not thread-safe: <see cref="HanBridge"/>
    /// serialises access.
    /// </summary>
    public sealed class Mailbox
    {
        private readonly byte[] _pool;
        private readonly int[] _offsets;
        private readonly int[] _lengths;
        private readonly ulong[] _counters;
        private readonly long[] _expires;
        private readonly uint[] _ids;
        private int _count;
        private int _bytes;
        private uint _nextId;

        /// <summary>An empty mailbox for <paramref name="device"/>.</summary>
        /// <exception cref="ArgumentException">capacity below 1 or byte limit below 1.</exception>
        public Mailbox(ulong device, int capacity, int maxBytes)
        {
            if (capacity < 1) throw new ArgumentException("capacity must be at least 1");
            if (maxBytes < 1) throw new ArgumentException("maxBytes must be at least 1");
            Device = device;
            _pool = new byte[maxBytes];
            _offsets = new int[capacity];
            _lengths = new int[capacity];
            _counters = new ulong[capacity];
            _expires = new long[capacity];
            _ids = new uint[capacity];
        }

        /// <summary>The device whose commands these are.</summary>
        public ulong Device { get; private set; }

        /// <summary>Messages queued.</summary>
        public int Count { get { return _count; } }

        /// <summary>Most messages held at once.</summary>
        public int Capacity { get { return _lengths.Length; } }

        /// <summary>Bytes of the queued messages.</summary>
        public int Bytes { get { return _bytes; } }

        /// <summary>The pool holding the queued frames (read the oldest at <see cref="PeekOffset"/>; do not change it).</summary>
        public byte[] Pool { get { return _pool; } }

        /// <summary>Gives an empty mailbox to another device.</summary>
        /// <exception cref="InvalidOperationException">messages are still queued.</exception>
        public void Reassign(ulong device)
        {
            if (_count != 0) throw new InvalidOperationException("only an empty mailbox changes device");
            Device = device;
        }

        /// <summary>
        /// Queues a copy of the frame, to expire at <paramref name="expiresAtTicks"/>. False (nothing queued) when the
        /// count or byte limit would be exceeded.
        /// </summary>
        public bool Enqueue(byte[] frame, int offset, int count, ulong originatorCounter, long expiresAtTicks)
        {
            if (frame == null || offset < 0 || count < 1 || offset > frame.Length - count) throw new ArgumentException("frame range");
            if (_count == _lengths.Length || _bytes + count > _pool.Length) return false;
            // Frames sit back to back from the pool's start, oldest first: the next one goes at the end.
            Array.Copy(frame, offset, _pool, _bytes, count);
            _offsets[_count] = _bytes;
            _lengths[_count] = count;
            _counters[_count] = originatorCounter;
            _expires[_count] = expiresAtTicks;
            _ids[_count] = ++_nextId;
            _count++;
            _bytes += count;
            return true;
        }

        /// <summary>Where the oldest message starts in <see cref="Pool"/> (0 when empty).</summary>
        public int PeekOffset() { return _count == 0 ? 0 : _offsets[0]; }

        /// <summary>Length of the oldest message (0 when empty).</summary>
        public int PeekLength() { return _count == 0 ? 0 : _lengths[0]; }

        /// <summary>Originator counter of the oldest message (0 when empty).</summary>
        public ulong PeekCounter() { return _count == 0 ? 0 : _counters[0]; }

        /// <summary>
        /// An id of the oldest message, different for every message this mailbox has queued (0 when empty): tells
        /// whether the head is still the message handed out a moment ago.
        /// </summary>
        public uint PeekId() { return _count == 0 ? 0 : _ids[0]; }

        /// <summary>Removes the oldest message (after it was handed to the device). False when empty.</summary>
        public bool RemoveOldest()
        {
            if (_count == 0) return false;
            RemoveAt(0);
            return true;
        }

        /// <summary>
        /// Removes one message that has expired at <paramref name="nowTicks"/> and returns true with its counter; false
        /// when none has. Callers loop: one at a time so an event handler may touch the mailbox in between.
        /// </summary>
        public bool TakeExpired(long nowTicks, out ulong originatorCounter)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_expires[i] <= nowTicks)
                {
                    originatorCounter = _counters[i];
                    RemoveAt(i);
                    return true;
                }
            }
            originatorCounter = 0;
            return false;
        }

        /// <summary>Removes the oldest message and returns true with its counter; false when empty (for purging).</summary>
        public bool TakeOldest(out ulong originatorCounter)
        {
            originatorCounter = PeekCounter();
            return RemoveOldest();
        }

        private void RemoveAt(int i)
        {
            int length = _lengths[i];
            int end = _offsets[i] + length;
            // The bytes after it move down so the frames stay back to back (a few KB at most, only on removal).
            if (end < _bytes) Array.Copy(_pool, end, _pool, _offsets[i], _bytes - end);
            _bytes -= length;
            // A handful of entries at most: shifting keeps FIFO order without a ring's index arithmetic.
            for (int j = i; j < _count - 1; j++)
            {
                _offsets[j] = _offsets[j + 1] - length;
                _lengths[j] = _lengths[j + 1];
                _counters[j] = _counters[j + 1];
                _expires[j] = _expires[j + 1];
                _ids[j] = _ids[j + 1];
            }
            _count--;
        }
    }
}
