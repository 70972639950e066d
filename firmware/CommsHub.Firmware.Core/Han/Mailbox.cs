using System;

namespace CommsHub.Firmware.Core.Han
{
    /// <summary>
    /// Commands held for one sleepy device (a GSME, served through the hub's GPF role) until it polls with a tunnel
    /// GET: first in, first out, bounded in count and bytes, each entry expiring at a fixed time. Frames are copied in,
    /// so the WAN buffer they came from can be reused at once. Times are <see cref="DateTime.Ticks"/> (UTC).
    /// Not thread-safe: <see cref="HanBridge"/> serialises access.
    /// </summary>
    public sealed class Mailbox
    {
        private readonly byte[][] _frames;
        private readonly ulong[] _counters;
        private readonly long[] _expires;
        private readonly int _maxBytes;
        private int _count;
        private int _bytes;

        /// <summary>An empty mailbox for <paramref name="device"/>.</summary>
        /// <exception cref="ArgumentException">capacity below 1 or byte limit below 1.</exception>
        public Mailbox(ulong device, int capacity, int maxBytes)
        {
            if (capacity < 1) throw new ArgumentException("capacity must be at least 1");
            if (maxBytes < 1) throw new ArgumentException("maxBytes must be at least 1");
            Device = device;
            _frames = new byte[capacity][];
            _counters = new ulong[capacity];
            _expires = new long[capacity];
            _maxBytes = maxBytes;
        }

        /// <summary>The device whose commands these are.</summary>
        public ulong Device { get; private set; }

        /// <summary>Messages queued.</summary>
        public int Count { get { return _count; } }

        /// <summary>Most messages held at once.</summary>
        public int Capacity { get { return _frames.Length; } }

        /// <summary>Bytes of the queued messages.</summary>
        public int Bytes { get { return _bytes; } }

        /// <summary>
        /// Queues a copy of the frame, to expire at <paramref name="expiresAtTicks"/>. False (nothing queued) when the
        /// count or byte limit would be exceeded.
        /// </summary>
        public bool Enqueue(byte[] frame, int offset, int count, ulong originatorCounter, long expiresAtTicks)
        {
            if (frame == null || offset < 0 || count < 1 || offset > frame.Length - count) throw new ArgumentException("frame range");
            if (_count == _frames.Length || _bytes + count > _maxBytes) return false;
            byte[] copy = new byte[count];
            Array.Copy(frame, offset, copy, 0, count);
            _frames[_count] = copy;
            _counters[_count] = originatorCounter;
            _expires[_count] = expiresAtTicks;
            _count++;
            _bytes += count;
            return true;
        }

        /// <summary>The oldest message (the array itself: do not change it), or null when empty.</summary>
        public byte[] PeekFrame() { return _count == 0 ? null : _frames[0]; }

        /// <summary>Originator counter of the oldest message (0 when empty).</summary>
        public ulong PeekCounter() { return _count == 0 ? 0 : _counters[0]; }

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
            _bytes -= _frames[i].Length;
            // A handful of entries at most: shifting keeps FIFO order without a ring's index arithmetic.
            for (int j = i; j < _count - 1; j++)
            {
                _frames[j] = _frames[j + 1];
                _counters[j] = _counters[j + 1];
                _expires[j] = _expires[j + 1];
            }
            _count--;
            _frames[_count] = null;
        }
    }
}
