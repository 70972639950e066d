using System;

namespace CommsHub.Firmware.Core.Han
{
    /// <summary>
    /// Commands forwarded to HAN devices and awaiting their GBCS response, keyed by (target, originator counter): a
    /// response mirrors its command's counter (GBCS.md §1.3), so the pair identifies it. Bounded: when full, the oldest
    /// entry is evicted. Times are <see cref="DateTime.Ticks"/> (UTC). Not thread-safe: <see cref="HanBridge"/>
    /// serialises access.
    /// </summary>
    public sealed class ResponseTracker
    {
        private readonly ulong[] _targets;
        private readonly ulong[] _counters;
        private readonly long[] _deadlines;
        private int _count;

        /// <summary>A tracker for at most <paramref name="capacity"/> outstanding commands.</summary>
        public ResponseTracker(int capacity)
        {
            if (capacity < 1) throw new ArgumentException("capacity must be at least 1");
            _targets = new ulong[capacity];
            _counters = new ulong[capacity];
            _deadlines = new long[capacity];
        }

        /// <summary>Outstanding commands.</summary>
        public int Count { get { return _count; } }

        /// <summary>
        /// Tracks a command until <paramref name="deadlineTicks"/>. A command already tracked (a retransmission) gets
        /// the new deadline. When full, the oldest entry is evicted: returns true with its identity in the out values.
        /// </summary>
        public bool Add(ulong target, ulong counter, long deadlineTicks, out ulong evictedTarget, out ulong evictedCounter)
        {
            evictedTarget = 0;
            evictedCounter = 0;
            int i = IndexOf(target, counter);
            if (i >= 0)
            {
                _deadlines[i] = deadlineTicks;
                return false;
            }
            bool evicted = false;
            if (_count == _targets.Length)
            {
                evictedTarget = _targets[0];
                evictedCounter = _counters[0];
                RemoveAt(0);
                evicted = true;
            }
            _targets[_count] = target;
            _counters[_count] = counter;
            _deadlines[_count] = deadlineTicks;
            _count++;
            return evicted;
        }

        /// <summary>True (and forgotten) when the command is tracked: its response has arrived.</summary>
        public bool Match(ulong target, ulong counter)
        {
            int i = IndexOf(target, counter);
            if (i < 0) return false;
            RemoveAt(i);
            return true;
        }

        /// <summary>Target of the <paramref name="index"/>-th outstanding command (oldest first).</summary>
        public ulong TargetAt(int index) { return _targets[index]; }

        /// <summary>True when (target, counter) is outstanding.</summary>
        public bool Contains(ulong target, ulong counter) { return IndexOf(target, counter) >= 0; }

        /// <summary>Removes one command whose deadline has passed; false when none has. Callers loop.</summary>
        public bool TakeExpired(long nowTicks, out ulong target, out ulong counter)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_deadlines[i] <= nowTicks)
                {
                    target = _targets[i];
                    counter = _counters[i];
                    RemoveAt(i);
                    return true;
                }
            }
            target = 0;
            counter = 0;
            return false;
        }

        /// <summary>Removes one command for <paramref name="target"/>; false when none is left (device gone).</summary>
        public bool TakeFor(ulong target, out ulong counter)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_targets[i] == target)
                {
                    counter = _counters[i];
                    RemoveAt(i);
                    return true;
                }
            }
            counter = 0;
            return false;
        }

        private int IndexOf(ulong target, ulong counter)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_targets[i] == target && _counters[i] == counter) return i;
            }
            return -1;
        }

        private void RemoveAt(int i)
        {
            // Insertion order is kept so that eviction takes the oldest.
            for (int j = i; j < _count - 1; j++)
            {
                _targets[j] = _targets[j + 1];
                _counters[j] = _counters[j + 1];
                _deadlines[j] = _deadlines[j + 1];
            }
            _count--;
        }
    }
}
