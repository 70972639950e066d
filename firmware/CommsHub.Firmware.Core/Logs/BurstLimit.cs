namespace CommsHub.Firmware.Core.Logs
{
    /// <summary>
    /// Token buckets, one per slot (an event code): up to a burst of takes at once, then one more per refill
    /// period; refused takes are counted per slot until the next take hands the count over. Times are
    /// <see cref="Time.HubTime"/> seconds; a clock put back restarts the refill from the new time and grants nothing.
    /// Fixed arrays, so a take allocates nothing. Not thread-safe.
    /// </summary>
    internal sealed class BurstLimit
    {
        private readonly int _burst;
        private readonly uint _refillSeconds;
        private readonly int[] _tokens;
        private readonly uint[] _refilledAt;
        private readonly int[] _refused;
        private long _refusedTotal;

        internal BurstLimit(int slots, int burst, uint refillSeconds)
        {
            _burst = burst;
            _refillSeconds = refillSeconds;
            _tokens = new int[slots];
            _refilledAt = new uint[slots];
            _refused = new int[slots];
            for (int i = 0; i < slots; i++) _tokens[i] = burst;
        }

        /// <summary>Takes refused and not yet handed over, all slots.</summary>
        internal long Refused { get { return _refusedTotal; } }

        /// <summary>
        /// True when <paramref name="slot"/> may act at <paramref name="now"/>; then <paramref name="refusedBefore"/> is
        /// how many takes it refused since its last one (and that count starts again at 0). False counts a refusal.
        /// </summary>
        internal bool Take(int slot, uint now, out int refusedBefore)
        {
            refusedBefore = 0;
            if (_tokens[slot] >= _burst || now < _refilledAt[slot])
            {
                // A full bucket starts its refill clock at its first take; a clock put back starts it again, empty-handed.
                _refilledAt[slot] = now;
            }
            else
            {
                uint periods = (now - _refilledAt[slot]) / _refillSeconds;
                if (periods > 0)
                {
                    long tokens = _tokens[slot] + (long)periods;
                    _tokens[slot] = tokens > _burst ? _burst : (int)tokens;
                    _refilledAt[slot] += periods * _refillSeconds;
                }
            }
            if (_tokens[slot] == 0)
            {
                _refused[slot]++;
                _refusedTotal++;
                return false;
            }
            _tokens[slot]--;
            refusedBefore = _refused[slot];
            _refusedTotal -= _refused[slot];
            _refused[slot] = 0;
            return true;
        }
    }
}
