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

/// <summary>
/// Collects what the engine queues for the WAN. With a <see cref="Capacity"/> it is a small outbox that the test drains
/// by hand (<see cref="Deliver"/>): a slow uplink.
/// </summary>
public sealed class FakeUplink : IUplink
{
    /// <summary>Every frame queued, in order (delivered ones stay here).</summary>
    public List<byte[]> Frames { get; } = new();

    /// <summary>Frames the outbox holds at most; 0 (default) for no limit.</summary>
    public int Capacity { get; set; }

    /// <summary>Frames queued and not yet delivered.</summary>
    public int Queued { get; private set; }

    /// <summary>Frames refused because the outbox was full.</summary>
    public int Refused { get; private set; }

    public bool Send(byte[] frame, int offset, int count)
    {
        if (Capacity > 0 && Queued >= Capacity)
        {
            Refused++;
            return false;
        }
        Frames.Add(frame.AsSpan(offset, count).ToArray());
        Queued++;
        return true;
    }

    public int RoomFor(int frameLength) => Capacity == 0 ? int.MaxValue : Capacity - Queued;

    /// <summary>The broker acknowledges up to <paramref name="n"/> queued frames: they leave the outbox.</summary>
    public void Deliver(int n) => Queued -= Math.Min(n, Queued);
}

/// <summary>A HAN bridge answering every forward with <see cref="Result"/>; raises frames on demand.</summary>
public sealed class FakeHan : IHanBridge, IHanJoinEvents
{
    public event HanDeviceHandler? JoinRefused;

    /// <summary>The bridge sends away a device the device log does not allow.</summary>
    public void RefuseJoin(ulong device) => JoinRefused?.Invoke(device);

    public HanForwardResult Result { get; set; } = HanForwardResult.Sent;
    public List<(ulong Target, byte[] Frame, ulong Counter)> Forwarded { get; } = new();
    public event HanFrameHandler? FrameReceived;
    public event HanTimeoutHandler? CommandTimedOut;

    /// <summary>The bridge gives up on a forwarded command.</summary>
    public void TimeOut(ulong target, ulong counter, HanTimeoutReason reason) => CommandTimedOut?.Invoke(target, counter, reason);

    public HanForwardResult Forward(ulong target, byte[] frame, int offset, int count, ulong originatorCounter)
    {
        Forwarded.Add((target, frame.AsSpan(offset, count).ToArray(), originatorCounter));
        return Result;
    }

    public void Receive(ulong source, byte[] frame) => FrameReceived?.Invoke(source, frame, 0, frame.Length);
}

