using System;
using CommsHub.Firmware.Core.Time;

namespace CommsHub.Firmware.Nano.App
{
    /// <summary>The board's UTC clock: the RTC as set by SNTP during WAN bring-up (TLS certificate checks need it too).</summary>
    public sealed class NanoClock : IClock
    {
        /// <summary>The one instance.</summary>
        public static readonly NanoClock Instance = new NanoClock();

        private NanoClock() { }

        /// <inheritdoc />
        public DateTime UtcNow { get { return DateTime.UtcNow; } }

        /// <summary>
        /// True once the clock has been set (SNTP): an unset nanoFramework RTC starts in year 1601/1970, so a year
        /// before the firmware was built means "not set" and certificate validity cannot be judged.
        /// </summary>
        public static bool IsSet(DateTime now)
        {
            return now.Year >= 2026;
        }
    }
}
