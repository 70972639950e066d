using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Net;

namespace CommsHub.Firmware.Core.Tests.Support;

/// <summary>A device log over in-memory flash, with a fake clock, that can be "rebooted".</summary>
public sealed class LogFixture : IDisposable
{
    public const int SectorSize = 4096;
    public static readonly DateTime Start = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    public const string SpecInstallCode = "83FED3407A939723A5C639B26916D505C3B5";
    public const string SpecLinkKey = "66B6900981E1EE3CA4206B6B861C02BB";

    public LogFixture(int sectors = 2, int capacity = 16)
    {
        Options = new DeviceLogOptions { Capacity = capacity, DefaultExtendedPanId = 0x00DB1234567890A2 };
        Store = new RamBlockStore(SectorSize, sectors, 1);
        Log = ChfDeviceLog.Open(Store, Aes, Clock, Options);
    }

    public NetAes128 Aes { get; } = new();
    public FakeClock Clock { get; } = new(Start);
    public DeviceLogOptions Options { get; }
    public RamBlockStore Store { get; private set; }
    public ChfDeviceLog Log { get; private set; }

    /// <summary>Power-cycles: a new store over the same flash, the log reopened from it.</summary>
    public ChfDeviceLog Reboot()
    {
        Store = new RamBlockStore(Store.Flash, SectorSize, 2);
        Log = ChfDeviceLog.Open(Store, Aes, Clock, Options);
        return Log;
    }

    public static byte[] Code(int seed)
    {
        var b = new byte[16];
        new Random(seed).NextBytes(b);
        return b;
    }

    public void Dispose() => Aes.Dispose();
}
