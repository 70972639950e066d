using CommsHub.Firmware.Core.Time;

namespace CommsHub.Firmware.Han.Tests.Support;

/// <summary>A clock the test moves by hand.</summary>
public sealed class FakeClock : IClock
{
    public FakeClock(DateTime start) => UtcNow = start;

    public DateTime UtcNow { get; set; }

    public void Advance(TimeSpan by) => UtcNow += by;
}
