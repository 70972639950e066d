using System.Security.Cryptography;
using CommsHub.Firmware.Core.Crypto;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Time;
using CommsHub.Firmware.Host.Runtime;
using CommsHub.Protocol.Encoding;
using Microsoft.Extensions.Logging;

namespace CommsHub.Firmware.Host.Simulation;

/// <summary>
/// An in-process ZigBee SE HAN: the trust centre and Tunnelling cluster the hub's <see cref="HanBridge"/> drives,
/// with <see cref="VirtualMeter"/>s as the devices on it. A device gets in only the way a real one does: the bridge
/// arms the trust centre with the device log's install-code-derived link key for the join window
/// (<see cref="PermitJoin"/>), the device presents the key it derives from its own install code, and only a match
/// inside the window completes the join, after which the bridge still checks the device log. Tunnel payloads are
/// delivered through the hub's loop, never inside the sender's call, as a radio would. Owned by the hub loop.
/// </summary>
public sealed partial class SimulatedHan : IHanNetwork
{
    private readonly IHubScheduler _scheduler;
    private readonly IAes128 _aes;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly Dictionary<ulong, VirtualMeter> _meters = new();
    private readonly Dictionary<ulong, (byte[] Key, DateTime Until)> _permits = new();

    /// <summary>A HAN whose deliveries run on <paramref name="scheduler"/>.</summary>
    public SimulatedHan(IHubScheduler scheduler, IAes128 aes, IClock clock, ILogger logger)
    {
        _scheduler = scheduler;
        _aes = aes;
        _clock = clock;
        _logger = logger;
    }

    /// <inheritdoc />
    public event HanPayloadHandler? PayloadReceived;

    /// <inheritdoc />
    public event HanJoinHandler? DeviceJoined;

    /// <inheritdoc />
    public event HanDeviceHandler? DeviceLeft;

    /// <inheritdoc />
    public event HanDeviceHandler? DevicePolled;

    /// <summary>A meter completed a join the hub accepted (the host saves its TC link key for rejoins).</summary>
    public event Action<VirtualMeter>? MeterJoined;

    /// <summary>The devices in radio range.</summary>
    public IReadOnlyCollection<VirtualMeter> Meters => _meters.Values;

    /// <summary>Puts a device in radio range (not joined).</summary>
    public void Attach(VirtualMeter meter)
    {
        meter.Radio = this;
        _meters[meter.Eui] = meter;
    }

    /// <summary>The attached device with this EUI, or null.</summary>
    public VirtualMeter? Find(ulong eui) => _meters.GetValueOrDefault(eui);

    /// <inheritdoc />
    public bool Send(ulong destination, byte[] payload, int offset, int count)
    {
        if (!_meters.TryGetValue(destination, out var meter) || !meter.IsJoined) return false;
        var copy = payload.AsSpan(offset, count).ToArray();
        return _scheduler.Post(() => DeliverToDevice(meter, copy));
    }

    /// <inheritdoc />
    public void PermitJoin(ulong device, byte[] linkKey, int seconds)
    {
        if (linkKey is not { Length: InstallCode.KeyLength } || seconds <= 0) return;
        _permits[device] = ((byte[])linkKey.Clone(), _clock.UtcNow.AddSeconds(seconds));
        _scheduler.Post(() => TryJoin(device));
    }

    /// <inheritdoc />
    public void RemoveDevice(ulong device)
    {
        _permits.Remove(device);
        if (_meters.TryGetValue(device, out var meter) && meter.IsJoined)
        {
            meter.IsJoined = false;
            LogRemoved(Eui64.ToText(device));
        }
    }

    /// <summary>A device sends a GBCS frame to the hub (tunnel PUT). False when it is not joined.</summary>
    public bool FromDevice(ulong device, byte[] gbcs)
    {
        if (!_meters.TryGetValue(device, out var meter) || !meter.IsJoined) return false;
        var put = TunnelFrame.Encode(TunnelCommand.Put, 0, gbcs, 0, gbcs.Length);
        PayloadReceived?.Invoke(device, put, 0, put.Length);
        return true;
    }

    /// <summary>A sleepy device wakes: MAC data request, then a tunnel GET for its next queued message.</summary>
    public void Poll(ulong device)
    {
        if (!_meters.TryGetValue(device, out var meter) || !meter.IsJoined) return;
        DevicePolled?.Invoke(device);
        var get = TunnelFrame.Encode(TunnelCommand.Get, 0, null!, 0, 0);
        PayloadReceived?.Invoke(device, get, 0, get.Length);
    }

    /// <summary>A device announces that it leaves the network.</summary>
    public void Leave(ulong device)
    {
        if (!_meters.TryGetValue(device, out var meter) || !meter.IsJoined) return;
        meter.IsJoined = false;
        DeviceLeft?.Invoke(device);
    }

    /// <summary>
    /// Devices that joined before (they hold a TC link key) try a trust-centre rejoin, as after a hub reboot; the
    /// bridge accepts only the key the device log has on record.
    /// </summary>
    public void RejoinKnownDevices()
    {
        foreach (var meter in _meters.Values)
        {
            if (meter.IsJoined || meter.TcLinkKey is null) continue;
            meter.IsJoined = true;
            DeviceJoined?.Invoke(meter.Eui, (byte[])meter.TcLinkKey.Clone());
            if (meter.IsJoined) LogRejoined(Eui64.ToText(meter.Eui));
        }
    }

    /// <summary>Advances device timers: pending joins inside the window and sleepy devices' polls.</summary>
    public void Tick(DateTime now)
    {
        foreach (var meter in _meters.Values)
        {
            try
            {
                if (!meter.IsJoined && _permits.ContainsKey(meter.Eui)) TryJoin(meter.Eui);
                meter.Tick(now);
            }
            catch (Exception e)
            {
                // One device's fault, as on a real HAN: the devices after it still join and poll, and the hub's tick
                // goes on to the engine's timers.
                LogTickFault(Eui64.ToText(meter.Eui), e);
            }
        }
    }

    private void TryJoin(ulong device)
    {
        if (!_meters.TryGetValue(device, out var meter) || meter.IsJoined) return;
        if (!_permits.TryGetValue(device, out var permit)) return;
        if (_clock.UtcNow >= permit.Until)
        {
            _permits.Remove(device);
            return;
        }
        var key = meter.JoinLinkKey(_aes);
        if (key is null || !CryptographicOperations.FixedTimeEquals(key, permit.Key))
        {
            // The trust centre cannot decrypt the device's join: it never gets the network key.
            meter.JoinFailures++;
            _permits.Remove(device);
            LogWrongKey(Eui64.ToText(device));
            return;
        }
        _permits.Remove(device);
        var tc = RandomNumberGenerator.GetBytes(InstallCode.KeyLength);
        meter.IsJoined = true;
        meter.TcLinkKey = tc;
        // The bridge may still refuse (device log changed meanwhile): it then calls RemoveDevice, which unjoins.
        DeviceJoined?.Invoke(device, (byte[])tc.Clone());
        if (!meter.IsJoined)
        {
            meter.JoinFailures++;
            return;
        }
        LogJoined(Eui64.ToText(device), meter.DeviceType.ToString());
        MeterJoined?.Invoke(meter);
    }

    private void DeliverToDevice(VirtualMeter meter, byte[] payload)
    {
        if (!meter.IsJoined) return;
        TunnelFrame frame;
        try
        {
            frame = TunnelFrame.Decode(payload, 0, payload.Length);
        }
        catch (GbcsFormatException)
        {
            return;
        }
        if (frame.Command == TunnelCommand.GetResponse && frame.RemainingMessages > 0 && meter is VirtualGsme gsme) gsme.PollSoon();
        if (frame.MessageLength == 0 || frame.Command == TunnelCommand.Get) return;
        var answer = meter.Handle(frame.Buffer, frame.MessageOffset, frame.MessageLength);
        if (answer is not null) FromDevice(meter.Eui, answer);
        else LogDropped(Eui64.ToText(meter.Eui), meter.LastRejection.ToString());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HAN: {Device} ({Type}) joined with its install-code link key")]
    private partial void LogJoined(string device, string type);

    [LoggerMessage(Level = LogLevel.Information, Message = "HAN: {Device} rejoined with its trust-centre link key")]
    private partial void LogRejoined(string device);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HAN: {Device} tried to join with a link key that does not match the device log's")]
    private partial void LogWrongKey(string device);

    [LoggerMessage(Level = LogLevel.Information, Message = "HAN: {Device} removed from the network")]
    private partial void LogRemoved(string device);

    [LoggerMessage(Level = LogLevel.Error, Message = "HAN: {Device} failed on its timer")]
    private partial void LogTickFault(string device, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HAN: {Device} dropped a command ({Reason})")]
    private partial void LogDropped(string device, string reason);
}
