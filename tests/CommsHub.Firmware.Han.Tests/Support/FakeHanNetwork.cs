using CommsHub.Firmware.Core.Han;

namespace CommsHub.Firmware.Han.Tests.Support;

/// <summary>An IHanNetwork that records what the bridge sends and lets the test play the devices.</summary>
public sealed class FakeHanNetwork : IHanNetwork
{
    public readonly List<(ulong To, byte[] Payload)> Sent = new();
    public readonly List<(ulong Device, byte[] Key, int Seconds)> Permits = new();
    public readonly List<ulong> Removed = new();
    public bool Accept = true;

    /// <summary>Called inside Send (after recording), e.g. to answer synchronously like a fast device.</summary>
    public Action<ulong, byte[]>? OnSend;

    public event HanPayloadHandler? PayloadReceived;
    public event HanJoinHandler? DeviceJoined;
    public event HanDeviceHandler? DeviceLeft;
    public event HanDeviceHandler? DevicePolled;

    public bool Send(ulong destination, byte[] payload, int offset, int count)
    {
        if (!Accept) return false;
        var copy = payload.AsSpan(offset, count).ToArray();
        Sent.Add((destination, copy));
        OnSend?.Invoke(destination, copy);
        return true;
    }

    public void PermitJoin(ulong device, byte[] linkKey, int seconds) => Permits.Add((device, linkKey, seconds));

    public void RemoveDevice(ulong device) => Removed.Add(device);

    public void Receive(ulong source, byte[] payload) => PayloadReceived?.Invoke(source, payload, 0, payload.Length);

    public void Join(ulong device, byte[] key) => DeviceJoined?.Invoke(device, key);

    public void Leave(ulong device) => DeviceLeft?.Invoke(device);

    public void Poll(ulong device) => DevicePolled?.Invoke(device);
}
