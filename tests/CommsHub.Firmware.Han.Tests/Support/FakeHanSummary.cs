using CommsHub.Firmware.Core.Han;

namespace CommsHub.Firmware.Han.Tests.Support;

public sealed class FakeHanSummary : IHanSummary
{
    public int DeviceCount { get; set; }
    public int JoinedCount { get; set; }
}
