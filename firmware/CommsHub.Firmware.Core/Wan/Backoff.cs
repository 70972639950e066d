using System;

namespace CommsHub.Firmware.Core.Wan
{
    /// <summary>
    /// Reconnect delays: exponential growth from a base, capped, with "equal jitter" (a delay is uniformly drawn from
    /// the upper half of the current step) so that a fleet of hubs losing the same broker does not come back in lock
    /// step. The random source is a seeded xorshift32, identical on nanoFramework and .NET, so tests replay.
    /// </summary>
    public sealed class Backoff
    {
        private readonly int _baseMs;
        private readonly int _maxMs;
        private uint _state;

        /// <summary>Delays start near <paramref name="baseMs"/>, double per attempt and never exceed <paramref name="maxMs"/>.</summary>
        /// <exception cref="ArgumentException">base below 1 ms or max below base.</exception>
        public Backoff(int baseMs, int maxMs, uint seed)
        {
            if (baseMs < 1 || maxMs < baseMs) throw new ArgumentException("need 1 <= baseMs <= maxMs");
            _baseMs = baseMs;
            _maxMs = maxMs;
            _state = seed == 0 ? 0x9E3779B9u : seed; // xorshift must not start at 0
        }

        /// <summary>The un-jittered step for attempt <paramref name="attempt"/> (1 = first retry): min(max, base * 2^(attempt-1)).</summary>
        public int Ceiling(int attempt)
        {
            if (attempt < 1) attempt = 1;
            long step = _baseMs;
            for (int i = 1; i < attempt && step < _maxMs; i++) step *= 2;
            return step > _maxMs ? _maxMs : (int)step;
        }

        /// <summary>The delay before attempt <paramref name="attempt"/>: in [Ceiling/2, Ceiling], jittered.</summary>
        public int NextDelayMs(int attempt)
        {
            int ceiling = Ceiling(attempt);
            int half = ceiling / 2;
            return half + (int)(Next() % (uint)(ceiling - half + 1));
        }

        private uint Next()
        {
            uint x = _state;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _state = x;
            return x;
        }
    }
}
