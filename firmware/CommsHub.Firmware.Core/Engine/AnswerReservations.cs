using System;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// The answers the hub owes: one entry per command passed to a HAN device whose response has not come back, keyed by
    /// (device, originator counter) as a response mirrors its command's counter. Each entry holds a place in the outbox,
    /// so that the response, or the failure-to-deliver alert that replaces it, always has room. It also keeps who
    /// originated the command, which is what that alert must name. Bounded; not thread-safe (the engine's thread only).
    /// </summary>
    public sealed class AnswerReservations
    {
        private readonly ulong[] _targets;
        private readonly ulong[] _counters;
        private readonly ulong[] _originators;
        private int _count;

        /// <summary>Room for <paramref name="capacity"/> owed answers.</summary>
        /// <exception cref="ArgumentException">capacity below 1.</exception>
        public AnswerReservations(int capacity)
        {
            if (capacity < 1) throw new ArgumentException("capacity must be at least 1");
            _targets = new ulong[capacity];
            _counters = new ulong[capacity];
            _originators = new ulong[capacity];
        }

        /// <summary>Answers owed.</summary>
        public int Count { get { return _count; } }

        /// <summary>True when no further answer can be reserved.</summary>
        public bool IsFull { get { return _count == _targets.Length; } }

        /// <summary>
        /// Reserves the answer of the command (<paramref name="target"/>, <paramref name="counter"/>) from
        /// <paramref name="originator"/>. A command already reserved (a WAN redelivery) keeps its one place. False when full.
        /// </summary>
        public bool Add(ulong target, ulong counter, ulong originator)
        {
            if (IndexOf(target, counter) >= 0) return true;
            if (IsFull) return false;
            _targets[_count] = target;
            _counters[_count] = counter;
            _originators[_count] = originator;
            _count++;
            return true;
        }

        /// <summary>Releases the reservation of (<paramref name="target"/>, <paramref name="counter"/>); false when none.</summary>
        public bool Take(ulong target, ulong counter, out ulong originator)
        {
            int i = IndexOf(target, counter);
            if (i < 0)
            {
                originator = 0;
                return false;
            }
            originator = _originators[i];
            _count--;
            // Order does not matter: move the last entry into the hole.
            _targets[i] = _targets[_count];
            _counters[i] = _counters[_count];
            _originators[i] = _originators[_count];
            return true;
        }

        /// <summary>True when the command (target, originator counter) already holds a place.</summary>
        public bool Contains(ulong target, ulong counter)
        {
            return IndexOf(target, counter) >= 0;
        }

        private int IndexOf(ulong target, ulong counter)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_targets[i] == target && _counters[i] == counter) return i;
            }
            return -1;
        }
    }
}
