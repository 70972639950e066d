using System.Security.Cryptography;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Han.Ncp;
using CommsHub.Firmware.Core.Han.Ncp.Ash;
using CommsHub.Firmware.Core.Time;
using CommsHub.Firmware.Host.Runtime;
using Microsoft.Extensions.Logging;

namespace CommsHub.Firmware.Host.Ncp;

/// <summary>
/// The hub's radio over a real NCP: the portable <see cref="NcpHanNetwork"/> fed from a byte stream (the serial port,
/// or an in-memory pipe in tests) by a reader thread, ticked every 50 ms, with its events posted to the hub's loop so
/// the bridge stays single-threaded. Bridge calls (send, permit join, remove) take the same lock as the reader.
/// <para>
/// An exception out of the driver (<see cref="NcpHanNetwork.Receive"/>, <see cref="NcpHanNetwork.Tick"/> or a handler
/// they call back) is this radio's fault, not the process's: on the reader thread or the timer it would end every hub
/// in the process. It is logged once, the HAN reports <see cref="NcpHanStatus.Down"/> with the exception as
/// <see cref="LastFailure"/>, the bytes the NCP sends meanwhile are dropped (the driver's state after a throw cannot be
/// trusted, and a fault per byte would flood the log), and after <see cref="RestartDelay"/> the NCP is reset and the
/// network brought up again, as after a failed NCP link. So faults are logged at most once per restart delay.
/// </para>
/// </summary>
public sealed partial class NcpRadio : IHanNetwork, IAshTransport, IDisposable
{
    private readonly Stream _port;
    private readonly NcpHanNetwork _han;
    private readonly IHubScheduler _loop;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly Thread _reader;
    private readonly Timer _ticker;
    private readonly IClock _clock;
    private volatile bool _closed;
    private DateTime _restartAt = DateTime.MaxValue;
    // Under _gate: the driver threw; nothing is fed to it until the restart at _restartAt.
    private bool _faulted;
    private string? _fault;
    private int _driverFaults;

    /// <summary>How long the radio waits after the NCP link failed before resetting the NCP again.</summary>
    public static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(5);

    /// <summary>Starts the radio over <paramref name="port"/> (owned: disposed with this).</summary>
    public NcpRadio(Stream port, IHubScheduler loop, IClock clock, ulong hubEui, ILogger logger, NcpNetworkSettings? settings = null)
    {
        _port = port;
        _loop = loop;
        _logger = logger;
        _clock = clock;
        _han = new NcpHanNetwork(this, clock, settings ?? DefaultSettings(hubEui));
        _han.PayloadReceived += (s, b, o, c) =>
        {
            byte[] copy = b.AsSpan(o, c).ToArray(); // the NCP's buffer is reused by the next frame
            _loop.Post(() => PayloadReceived?.Invoke(s, copy, 0, copy.Length));
        };
        _han.DeviceJoined += (d, k) => { byte[] key = (byte[])k.Clone(); _loop.Post(() => DeviceJoined?.Invoke(d, key)); };
        _han.DeviceLeft += d => _loop.Post(() => DeviceLeft?.Invoke(d));
        _han.DevicePolled += d => _loop.Post(() => DevicePolled?.Invoke(d));
        _han.StatusChanged += (status, reason) =>
        {
            LogStatus(status.ToString(), reason ?? "");
            // Runs under _gate (the driver calls back from Receive/Tick): a failed link is reset again after a pause.
            _restartAt = status == NcpHanStatus.Down ? _clock.UtcNow + RestartDelay : DateTime.MaxValue;
        };
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "ncp reader" };
        _reader.Start();
        _ticker = new Timer(_ => Tick(), null, 50, 50);
        lock (_gate) _han.Start();
    }

    /// <inheritdoc />
    public event HanPayloadHandler? PayloadReceived;

    /// <inheritdoc />
    public event HanJoinHandler? DeviceJoined;

    /// <inheritdoc />
    public event HanDeviceHandler? DeviceLeft;

    /// <inheritdoc />
    public event HanDeviceHandler? DevicePolled;

    /// <summary>Where the NCP's network is: <see cref="NcpHanStatus.Down"/> from a driver fault until the restart.</summary>
    public NcpHanStatus Status
    {
        get { lock (_gate) return _faulted ? NcpHanStatus.Down : _han.Status; }
    }

    /// <summary>Why it last went down (the driver's own reason, or the exception of a driver fault).</summary>
    public string? LastFailure
    {
        get { lock (_gate) return _faulted ? _fault : _han.LastFailure; }
    }

    /// <summary>Exceptions the driver threw (each one took the HAN down until the next restart).</summary>
    public int DriverFaults => Volatile.Read(ref _driverFaults);

    /// <summary>The portable driver (diagnostics).</summary>
    public NcpHanNetwork Driver => _han;

    /// <summary>The settings a hub forms its network with: random network key, the hub's EUI as extended PAN ID.</summary>
    public static NcpNetworkSettings DefaultSettings(ulong hubEui)
    {
        var settings = new NcpNetworkSettings();
        settings.Security.NetworkKey = RandomNumberGenerator.GetBytes(16);
        settings.Security.PreconfiguredKey = RandomNumberGenerator.GetBytes(16);
        settings.Network.ExtendedPanId = hubEui;
        settings.Network.PanId = RandomNumberGenerator.GetInt32(1, 0xFFF7);
        return settings;
    }

    /// <inheritdoc />
    public bool Send(ulong destination, byte[] payload, int offset, int count)
    {
        lock (_gate) return !_faulted && _han.Send(destination, payload, offset, count);
    }

    /// <inheritdoc />
    public void PermitJoin(ulong device, byte[] linkKey, int seconds)
    {
        lock (_gate) _han.PermitJoin(device, linkKey, seconds);
    }

    /// <inheritdoc />
    public void RemoveDevice(ulong device)
    {
        lock (_gate) _han.RemoveDevice(device);
    }

    void IAshTransport.Write(byte[] buffer, int offset, int count)
    {
        if (_closed) return;
        try
        {
            _port.Write(buffer, offset, count);
            _port.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or TimeoutException or InvalidOperationException)
        {
            LogPortError(e.Message); // ASH retransmits or times out and resets; nothing to undo here
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _closed = true;
        _ticker.Dispose();
        _port.Dispose();
        _reader.Join(TimeSpan.FromSeconds(2));
    }

    private void ReadLoop()
    {
        byte[] buffer = new byte[256];
        while (!_closed)
        {
            int n;
            try { n = _port.Read(buffer, 0, buffer.Length); }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                if (!_closed) LogPortError(e.Message);
                return;
            }
            if (n == 0) return; // end of stream: the port closed
            lock (_gate)
            {
                if (_faulted) continue; // dropped until the restart resets the NCP
                try { _han.Receive(buffer, 0, n); }
                catch (Exception e) { Fault(e); }
            }
        }
    }

    private void Tick()
    {
        if (_closed) return;
        lock (_gate)
        {
            try
            {
                if (_faulted && _clock.UtcNow < _restartAt) return;
                if (!_faulted) _han.Tick();
                if ((_faulted || _han.Status == NcpHanStatus.Down) && _clock.UtcNow >= _restartAt)
                {
                    _faulted = false;
                    _restartAt = DateTime.MaxValue;
                    _han.Start();
                }
            }
            catch (Exception e)
            {
                Fault(e);
            }
        }
    }

    // Under _gate.
    private void Fault(Exception e)
    {
        _faulted = true;
        _fault = "driver fault: " + e.GetType().Name + ": " + e.Message;
        _restartAt = _clock.UtcNow + RestartDelay;
        Interlocked.Increment(ref _driverFaults);
        try { LogDriverFault(e); }
        catch (Exception) { /* a logger that throws must not take the thread down either */ }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "NCP HAN {Status} {Reason}")]
    private partial void LogStatus(string status, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "NCP driver fault: HAN down, the NCP is reset after the restart delay")]
    private partial void LogDriverFault(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NCP serial port error: {Reason}")]
    private partial void LogPortError(string reason);
}
