using System;

namespace CommsHub.Firmware.Core.Time
{
    /// <summary>
    /// Persisted times are whole UTC seconds since 2000-01-01T00:00Z in a uint (the GBCS log epoch; good to 2136),
    /// 4 bytes on flash instead of an 8-byte DateTime. 0 means "never".
    /// </summary>
    public static class HubTime
    {
        /// <summary>Ticks of 2000-01-01T00:00:00Z (a constant: nanoFramework lacks the DateTime ctor taking a kind with fields).</summary>
        public const long EpochTicks = 630822816000000000L;

        /// <summary>Seconds since 2000-01-01T00:00Z, clamped to 1..uint.MaxValue (times before the epoch become 1).</summary>
        public static uint ToSeconds(DateTime utc)
        {
            long s = (utc.Ticks - EpochTicks) / TimeSpan.TicksPerSecond;
            if (s < 1) return 1;
            if (s > 0xFFFFFFFFL) return 0xFFFFFFFFu;
            return (uint)s;
        }

        /// <summary>The UTC time of <paramref name="seconds"/> since the epoch (0 gives the epoch itself).</summary>
        public static DateTime FromSeconds(uint seconds)
        {
            return new DateTime(EpochTicks + seconds * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        }
    }
}
