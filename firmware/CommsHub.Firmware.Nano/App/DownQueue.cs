namespace CommsHub.Firmware.Nano.App
{
    /// <summary>
    /// Hands WAN <c>down</c> frames from M2Mqtt's receive thread to the hub loop (the engine is single-threaded) through
    /// a fixed pool of preallocated slots: no allocation per frame. A frame that finds every slot busy, or is longer
    /// than a slot, is dropped and counted; the adapter's response timeout then makes it retry (the DCC side never
    /// assumes a command arrived without its response).
    /// </summary>
    public sealed class DownQueue
    {
        private readonly byte[][] _slots;
        private readonly int[] _lengths;
        private readonly object _sync = new object();
        private int _head;
        private int _count;

        /// <summary>Creates <paramref name="capacity"/> slots of <paramref name="maxFrameLength"/> bytes.</summary>
        public DownQueue(int capacity, int maxFrameLength)
        {
            if (capacity < 1 || maxFrameLength < 1) throw new System.ArgumentException("capacity and frame length must be positive");
            _slots = new byte[capacity][];
            for (int i = 0; i < capacity; i++) _slots[i] = new byte[maxFrameLength];
            _lengths = new int[capacity];
            MaxFrameLength = maxFrameLength;
        }

        /// <summary>Longest frame a slot holds.</summary>
        public int MaxFrameLength { get; private set; }

        /// <summary>Frames waiting.</summary>
        public int Count { get { lock (_sync) { return _count; } } }

        /// <summary>Frames dropped (queue full or frame too long).</summary>
        public int Dropped { get; private set; }

        /// <summary>Copies a frame in (any thread). False when it was dropped.</summary>
        public bool Offer(byte[] frame, int offset, int count)
        {
            lock (_sync)
            {
                if (frame == null || offset < 0 || count < 0 || offset > frame.Length - count || count > MaxFrameLength || _count == _slots.Length)
                {
                    Dropped++;
                    return false;
                }
                int slot = (_head + _count) % _slots.Length;
                System.Array.Copy(frame, offset, _slots[slot], 0, count);
                _lengths[slot] = count;
                _count++;
                return true;
            }
        }

        /// <summary>
        /// Copies the oldest frame into <paramref name="into"/> (at least <see cref="MaxFrameLength"/> bytes) and returns
        /// its length, or -1 when the queue is empty. The loop thread only.
        /// </summary>
        public int Take(byte[] into)
        {
            lock (_sync)
            {
                if (_count == 0) return -1;
                int n = _lengths[_head];
                System.Array.Copy(_slots[_head], 0, into, 0, n);
                _head = (_head + 1) % _slots.Length;
                _count--;
                return n;
            }
        }
    }
}
