using System;
using CommsHub.Firmware.Core.Time;

namespace CommsHub.Firmware.SelfTest.Doubles
{
    /// <summary>A clock the self-test sets, so join windows and log times are reproducible.</summary>
    public sealed class FixedClock : IClock
    {
        /// <summary>Starts at <paramref name="start"/>.</summary>
        public FixedClock(DateTime start) { UtcNow = start; }

        /// <inheritdoc />
        public DateTime UtcNow { get; set; }
    }
}
