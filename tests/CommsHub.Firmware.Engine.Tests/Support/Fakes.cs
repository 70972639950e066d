using System.Buffers.Binary;
using System.Security.Cryptography;
using CommsHub.Firmware.Core.Crypto;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Time;
using CommsHub.Firmware.Core.Wan;

namespace CommsHub.Firmware.Engine.Tests.Support;

/// <summary>A clock the test moves by hand.</summary>
public sealed class FakeClock(DateTime start) : IClock
{
    public DateTime UtcNow { get; set; } = start;
    public void Advance(TimeSpan by) => UtcNow += by;
}

/// <summary>Collects what the engine queues for the WAN.</summary>
public sealed class FakeUplink : IUplink
{
    public List<byte[]> Frames { get; } = new();
    public bool Send(byte[] frame, int offset, int count)
    {
        Frames.Add(frame.AsSpan(offset, count).ToArray());
        return true;
    }
}

/// <summary>A HAN bridge answering every forward with <see cref="Result"/>; raises frames on demand.</summary>
public sealed class FakeHan : IHanBridge
{
    public HanForwardResult Result { get; set; } = HanForwardResult.Sent;
    public List<(ulong Target, byte[] Frame, ulong Counter)> Forwarded { get; } = new();
    public event HanFrameHandler? FrameReceived;

    public HanForwardResult Forward(ulong target, byte[] frame, int offset, int count, ulong originatorCounter)
    {
        Forwarded.Add((target, frame.AsSpan(offset, count).ToArray(), originatorCounter));
        return Result;
    }

    public void Receive(ulong source, byte[] frame) => FrameReceived?.Invoke(source, frame, 0, frame.Length);
}

