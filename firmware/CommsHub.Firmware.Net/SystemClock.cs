using CommsHub.Firmware.Core.Time;

namespace CommsHub.Firmware.Net;

/// <summary>The host's UTC clock (the virtual hub's RTC).</summary>
public sealed class SystemClock : IClock
{
    /// <summary>The one instance.</summary>
    public static readonly SystemClock Instance = new();

    /// <inheritdoc />
    public DateTime UtcNow => DateTime.UtcNow;
}
