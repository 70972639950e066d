using System;

namespace CommsHub.Firmware.Core.Time
{
    /// <summary>The hub's UTC clock (RTC/SNTP on the device, a fake in tests), so time-dependent rules are testable.</summary>
    public interface IClock
    {
        /// <summary>Current UTC time.</summary>
        DateTime UtcNow { get; }
    }
}
