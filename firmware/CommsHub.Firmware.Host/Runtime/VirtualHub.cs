using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Logs;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Firmware.Host.Storage;
using CommsHub.Firmware.Host.Wan;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Net.Crypto;
using Microsoft.Extensions.Logging;
using CommsHub.Firmware.Net;

namespace CommsHub.Firmware.Host.Runtime;

/// <summary>
/// One virtual comms hub: the portable <see cref="HubEngine"/> over file-backed flash, a <see cref="HanBridge"/> to a
/// <see cref="SimulatedHan"/> of virtual meters, the persisted <see cref="Outbox"/> and a <see cref="WanLink"/> over
/// MQTTnet. This is the composition root the process and the tests share. The engine is single-threaded by contract:
/// everything that touches it goes through the hub's <see cref="HubWorkQueue"/> and runs one item at a time. The hub's
/// loop thread runs the timers every <see cref="VirtualHubOptions.TickInterval"/> (connects, backoff, timeouts: the
/// calls that block), stops the hub, and runs work posted while the hub is idle. A command or a PUBACK arriving while
/// the hub is idle is run at once on the MQTT client's thread that received it, with whatever it posts in turn (the
/// meter's answer, the up frame's publish), instead of waking the loop thread for each: on two shared cores those
/// wake-ups were the biggest cost per frame. That work never blocks on the MQTT client.
/// </summary>
public sealed partial class VirtualHub : IHubScheduler, IAsyncDisposable
{
    private readonly VirtualHubOptions _options;
    private readonly ILogger _logger;
    private readonly HubWorkQueue _work = new();
    private readonly Thread _thread;
    private readonly NetGbcsCrypto _crypto = new();
    private readonly NetAes128 _aes = new();
    private readonly MqttNetWanTransport _transport;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<WanRefusal> _refused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;
    private TimeSpan? _shutdownDrain;
    private WanLinkState _lastLinkState = WanLinkState.Disconnected;
    private long _lostSince = -1; // when the link lost its connection, while the line saying so waits for the reason
    private int _ackTimeouts, _resyncs; // the link's counts of connections it closed itself, as last logged
    private int _endedWhenConnected; // the transport's count of ended connections when this one began
    private int _lastAttempts;
    private bool _lastHolding;
    private long _holdingSince;
    private long _lastFramesRefused;
    private int _lastDownOverflows;
    private readonly FaultThrottle _faults = new(TimeSpan.FromMinutes(1), () => Environment.TickCount64);
    // The loop's steps, made once: with --count thousands of hubs tick 20 times a second and pump after every piece of
    // work, and a delegate or closure made per call would be garbage on that path. The tick's steps read _tickNow.
    private readonly Action _tick, _pumpLink, _processDown, _noWork, _tickLink, _pollBridge, _tickHan, _tickEngine;
    private DateTime _tickNow;

    private VirtualHub(VirtualHubOptions options, ILoggerFactory loggers)
    {
        _options = options;
        _logger = loggers.CreateLogger("hub." + Eui64.ToText(options.Eui));
        Flash = HubFlash.Open(options.DataDirectory, options.WriteThrough);
        var anchors = TrustAnchors.Open(Flash.TrustAnchors);
        foreach (var cell in options.TrustAnchors) InstallAnchor(anchors, cell);
        var log = ChfDeviceLog.Open(Flash.DeviceLog, _aes, SystemClock.Instance, new DeviceLogOptions { DefaultExtendedPanId = options.Eui });
        Outbox = Outbox.Mount(Flash.Outbox, 0, HubFlash.OutboxSectors, options.OutboxCapacity);
        Han = new SimulatedHan(this, _aes, SystemClock.Instance, loggers.CreateLogger("han." + Eui64.ToText(options.Eui)));
        foreach (var meter in options.Meters) Han.Attach(meter);
        MeterStateFiles.Load(MeterFolder, options.Meters);
        Han.MeterJoined += m => MeterStateFiles.Save(MeterFolder, m);
        Bridge = new HanBridge(options.Radio?.Invoke(this) ?? Han, log, SystemClock.Instance, new HanBridgeOptions());
        Bridge.CommandTimedOut += (t, c, r) => LogTimedOut(Eui64.ToText(t), c, r.ToString());
        Bridge.JoinRefused += d => LogJoinRefused(Eui64.ToText(d));
        Engine = new HubEngine(new HubEngineConfig
        {
            Eui = options.Eui,
            Crypto = _crypto,
            KeyAgreementKey = options.KeyAgreementKey,
            DigitalSignatureKey = options.DigitalSignatureKey,
            TrustAnchors = anchors,
            DeviceLog = log,
            // Blank flash only: start the own counter from the clock so a wiped data folder never reuses counters
            // an adapter has already seen from this EUI.
            Counters = OriginatorCounterStore.Open(Flash.Counters, (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << 8),
            EventLog = new EventLog(Flash.EventLog, EventLog.DefaultCapacity),
            SecurityLog = new SecurityLog(Flash.SecurityLog, SecurityLog.DefaultCapacity),
            Uplink = Outbox,
            Han = Bridge,
            Clock = SystemClock.Instance,
            FirmwareVersion = options.FirmwareVersion,
        });
        _transport = new MqttNetWanTransport(options.BrokerHost, options.BrokerPort, options.Tls);
        Link = new WanLink(_transport, Outbox, Bridge, new WanLinkOptions
        {
            HubEui = options.Eui,
            FirmwareVersion = Hex.Encode(options.FirmwareVersion),
            BackoffBaseMs = options.BackoffBaseMs,
            BackoffMaxMs = options.BackoffMaxMs,
            UserName = options.MqttUserName,
            Password = options.MqttPassword,
            InboxCapacity = options.InboxCapacity,
            Window = options.WanWindow,
            AckTimeoutSeconds = options.AckTimeoutSeconds,
        }, OnDown);
        // A command waiting is offered to the engine at once, on the hub loop, not at the next tick; a PUBACK sends the
        // next frame at once too (the loop pumps the link after every piece of work).
        _tick = Tick;
        _pumpLink = PumpLink;
        _processDown = () => Link.ProcessDown();
        _noWork = static () => { };
        _tickLink = () => Link.Tick(_tickNow);
        _pollBridge = () => Bridge.Poll(_tickNow);
        _tickHan = () => Han.Tick(_tickNow);
        _tickEngine = Engine.Tick;
        Link.DownQueued += () => RunOnArrival(_processDown);
        Link.AckReceived += () => RunOnArrival(_noWork);
        _thread = new Thread(Run, 256 * 1024) { IsBackground = true, Name = "hub " + Eui64.ToText(options.Eui) };
    }

    /// <summary>Opens the hub's flash, wires it up and starts its loop (which connects to the broker).</summary>
    public static VirtualHub Start(VirtualHubOptions options, ILoggerFactory loggers)
    {
        var hub = new VirtualHub(options, loggers);
        hub._thread.Start();
        return hub;
    }

    /// <summary>The CHF's EUI-64.</summary>
    public ulong Eui => _options.Eui;

    /// <summary>The CHF's KA public key (what an adapter needs to MAC commands to it).</summary>
    public byte[] KeyAgreementPublicKey => _options.KeyAgreementKey.PublicKey;

    /// <summary>The engine (touch it only through <see cref="InvokeAsync{T}"/>).</summary>
    public HubEngine Engine { get; }

    /// <summary>The HAN bridge (touch it only through <see cref="InvokeAsync{T}"/>).</summary>
    public HanBridge Bridge { get; }

    /// <summary>The simulated HAN and its meters (touch them only through <see cref="InvokeAsync{T}"/>).</summary>
    public SimulatedHan Han { get; }

    /// <summary>The WAN outbox.</summary>
    public Outbox Outbox { get; }

    /// <summary>The WAN link.</summary>
    public WanLink Link { get; }

    /// <summary>The flash images.</summary>
    public HubFlash Flash { get; }

    /// <summary>Completes when the loop has stopped and everything is flushed.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>
    /// Completes, with the reason, the first time a connection fails in a way retrying cannot cure: the broker refuses
    /// this hub's credentials (user name, password, authority), or the TLS handshake fails on trust. The hub keeps
    /// retrying, as a device would; a process that cannot fix its settings should stop.
    /// </summary>
    public Task<WanRefusal> Refused => _refused.Task;

    private string MeterFolder => Path.Combine(_options.DataDirectory, "devices");

    /// <inheritdoc />
    public bool Post(Action work)
    {
        // False once completed for adding: stopping.
        return !_stopping && _work.TryAdd(work);
    }

    // A transport event (a command waiting, a PUBACK): run now on the reporting thread when the hub is idle, else
    // queue for whoever runs the hub's work.
    private void RunOnArrival(Action work)
    {
        if (!_stopping && _work.TryAddAndOwn(work, out bool owner) && owner) RunOwned();
    }

    // The owner of the work queue runs it dry, then lets go. Whatever the work was (a PUBACK, a command, a meter's
    // answer), frames it freed room for or queued go out after it.
    private void RunOwned()
    {
        while (_work.TryTakeOwned(out var work))
        {
            RunSafely(work);
            RunSafely(_pumpLink);
        }
    }

    /// <summary>Runs <paramref name="read"/> on the hub loop and returns its result (for inspection and tests).</summary>
    public Task<T> InvokeAsync<T>(Func<T> read)
    {
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Post(() =>
            {
                try { tcs.SetResult(read()); }
                catch (Exception e) { tcs.SetException(e); }
            }))
            tcs.SetException(new InvalidOperationException("the hub has stopped"));
        return tcs.Task;
    }

    /// <summary>
    /// Stops the hub: writes RAM-held state to flash, gives the outbox up to <paramref name="drain"/> to reach the
    /// broker, publishes the offline status, disconnects and closes the flash. Undelivered frames stay queued on
    /// flash for the next start.
    /// </summary>
    public Task StopAsync(TimeSpan drain)
    {
        if (!_stopping)
        {
            // On the loop thread, never on an MQTT client's thread: shutting down waits for the client.
            _shutdownDrain = drain;
            _stopping = true;
            _work.Wake();
        }
        return Stopped;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);

    private void Run()
    {
        try
        {
            _work.Own();
            LogStarting(Eui64.ToText(Eui), _options.BrokerHost, _options.BrokerPort, _options.Tls is null ? "" : " (TLS)", Outbox.Count);
            // After a reboot: re-arm joining if the window is still open, and let devices that joined before rejoin.
            // Each on its own, like any work of the loop: a flash or radio fault here is this hub's, logged, and the
            // hub runs on (the next device log change re-arms joining). Thrown on this thread it would end the
            // process and every hub in it.
            RunSafely(Bridge.ArmJoining);
            RunSafely(Han.RejoinKnownDevices);
            RunOwned();
            var tick = _options.TickInterval;
            var nextTick = DateTime.UtcNow;
            bool shutDown = false;
            while (true)
            {
                _work.WaitForWork(nextTick - DateTime.UtcNow);
                _work.Own();
                if (!shutDown && _shutdownDrain is { } drain)
                {
                    shutDown = true;
                    RunSafely(() => Shutdown(drain));
                    _work.CompleteAdding(); // also when shutting down failed half-way: the loop must end
                }
                else if (DateTime.UtcNow >= nextTick && !_work.IsAddingCompleted)
                {
                    RunSafely(_tick);
                    nextTick = DateTime.UtcNow + tick;
                }
                RunOwned();
                if (_work.IsCompleted) break;
            }
            // Nobody else may run the hub's work while its flash and client are closed.
            _work.Own();
        }
        finally
        {
            _transport.Dispose();
            Flash.Dispose();
            _crypto.ClearSecretCache();
            _aes.Dispose();
            _stopped.TrySetResult();
        }
    }

    private void PumpLink() => Link.Pump(DateTime.UtcNow);

    private void Tick()
    {
        _tickNow = DateTime.UtcNow;
        // Each step on its own: a fault that persists in one (the broker link, a HAN timeout hitting a dead radio) must
        // not stop the others, above all the engine's, on every tick.
        RunSafely(_tickLink);
        RunSafely(_pollBridge);
        RunSafely(_tickHan);
        RunSafely(_tickEngine);
        // One line per state change or failed attempt (attempts are spaced by the backoff, so this cannot flood).
        bool failedAttempt = Link.State == WanLinkState.Disconnected && Link.ConnectAttempts != _lastAttempts;
        if (Link.State != _lastLinkState || failedAttempt)
        {
            bool lost = _lastLinkState == WanLinkState.Connected;
            _lastLinkState = Link.State;
            if (Link.State == WanLinkState.Connected)
            {
                ReportLostConnection(now: true); // the line of the connection before, if it still waits
                _endedWhenConnected = _transport.ConnectionsEnded;
                LogOnline(Eui64.ToText(Eui), Outbox.Count);
            }
            else if (_transport.Refusal is { } refusal)
            {
                if (refusal.Kind == WanRefusalKind.Tls) LogTlsFailed(Eui64.ToText(Eui), refusal.Reason, Link.LastDelayMs);
                else LogRefused(Eui64.ToText(Eui), refusal.Reason, Link.LastDelayMs);
                _refused.TrySetResult(refusal);
            }
            else if (Link.State == WanLinkState.Disconnected && lost && ClosedByTheHub() is { } why)
                LogConnectionClosed(Eui64.ToText(Eui), why, Link.LastDelayMs);
            else if (Link.State == WanLinkState.Disconnected && lost) _lostSince = Environment.TickCount64;
            else if (Link.State == WanLinkState.Disconnected) LogOffline(Eui64.ToText(Eui), _transport.LastConnectFailure ?? "no reason given", Link.LastDelayMs);
        }
        _lastAttempts = Link.ConnectAttempts;
        ReportLostConnection(now: false);
        ReportFlowControl();
    }

    // The link closes a connection itself in two cases, which its counters tell apart; MQTTnet reports either as a
    // normal disconnection.
    private string? ClosedByTheHub()
    {
        string? why = null;
        if (Link.AckTimeouts != _ackTimeouts) why = $"no PUBACK for the oldest frame in flight in time; the next wait is {Link.AckTimeoutSeconds} s";
        else if (Link.Resyncs != _resyncs) why = "for the broker to deliver again the commands the full inbox refused";
        _ackTimeouts = Link.AckTimeouts;
        _resyncs = Link.Resyncs;
        return why;
    }

    // The link sees a connection gone (the client's IsConnected) a moment before MQTTnet reports how it ended: the line
    // waits for that report, for a second at most (a reconnect may come first).
    private void ReportLostConnection(bool now)
    {
        if (_lostSince < 0) return;
        bool reported = _transport.ConnectionsEnded != _endedWhenConnected;
        if (!reported && !now && Environment.TickCount64 - _lostSince < 1000) return;
        _lostSince = -1;
        LogConnectionLost(Eui64.ToText(Eui), reported ? _transport.LastDisconnect ?? "no reason given" : "no reason given", Link.LastDelayMs);
    }

    // Holding back the WAN, and anything the outbox refused, is logged when it starts and stops: never silent.
    private void ReportFlowControl()
    {
        if (Link.Holding != _lastHolding)
        {
            _lastHolding = Link.Holding;
            if (_lastHolding)
            {
                _holdingSince = Environment.TickCount64;
                LogHolding(Eui64.ToText(Eui), Outbox.Count, Outbox.Capacity, Engine.OwedAnswers, Link.InboxCount);
            }
            else LogResumed(Eui64.ToText(Eui), Environment.TickCount64 - _holdingSince, Engine.CommandsHeldBack);
        }
        if (Engine.FramesRefused != _lastFramesRefused)
        {
            LogFramesRefused(Eui64.ToText(Eui), Engine.FramesRefused - _lastFramesRefused, Engine.FramesRefused, Outbox.Count);
            _lastFramesRefused = Engine.FramesRefused;
        }
        if (Link.DownOverflows != _lastDownOverflows)
        {
            LogDownOverflow(Eui64.ToText(Eui), Link.DownOverflows - _lastDownOverflows, Link.InboxCount);
            _lastDownOverflows = Link.DownOverflows;
        }
    }

    // Called by the link on the hub loop (Tick, or the work posted by DownQueued): false holds the command back.
    private bool OnDown(byte[] frame, int offset, int count)
    {
        WanMessageOutcome outcome;
        try
        {
            outcome = Engine.HandleWanMessage(frame, offset, count);
        }
        catch (Exception e)
        {
            // As for any fault in the loop: logged, and the frame counts as taken (it would fail again).
            LogFault(Eui64.ToText(Eui), e);
            return true;
        }
        switch (outcome)
        {
            case WanMessageOutcome.HeldBack:
                return false;
            case WanMessageOutcome.Rejected:
                LogRejected(Eui64.ToText(Eui), Engine.LastRejection.ToString());
                break;
            case WanMessageOutcome.Undeliverable:
                LogUndeliverable(Eui64.ToText(Eui), count, Engine.LastUndeliverable.ToString(), Engine.UndeliverableCommands, Bridge.MailboxRefusals);
                break;
            default:
                LogDown(Eui64.ToText(Eui), outcome.ToString(), count);
                break;
        }
        return true;
    }

    private void Shutdown(TimeSpan drain)
    {
        Engine.Flush();
        var deadline = DateTime.UtcNow + drain;
        while (Outbox.Count > 0 && Link.State == WanLinkState.Connected && DateTime.UtcNow < deadline)
        {
            Link.Tick(DateTime.UtcNow);
            Thread.Sleep(10);
        }
        Link.Stop();
        LogStopped(Eui64.ToText(Eui), Outbox.Count);
        _work.CompleteAdding();
    }

    private void RunSafely(Action work)
    {
        try
        {
            work();
        }
        catch (Exception e)
        {
            // One bad frame or a flash fault must not take the hub down: log it and carry on, as firmware would. A fault
            // that persists is logged once a minute with a count, not on every tick.
            if (!_faults.ShouldLog(e, out int leftOut)) return;
            if (leftOut == 0) LogFault(Eui64.ToText(Eui), e);
            else LogFaultAgain(Eui64.ToText(Eui), leftOut, (int)_faults.Window.TotalSeconds, e);
        }
    }

    private static void InstallAnchor(TrustAnchors anchors, TrustAnchorCell cell)
    {
        var current = anchors.Get(cell.Role);
        if (current is not null && current.Eui == cell.Eui && Same(current.DsPublicKey, cell.DsPublicKey) && Same(current.KaPublicKey, cell.KaPublicKey))
            return; // unchanged: no flash write at every start
        anchors.Set(cell);
    }

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    [LoggerMessage(Level = LogLevel.Information, Message = "hub {Eui}: starting, broker {Host}:{Port}{Tls}, {Queued} frame(s) queued from before")]
    private partial void LogStarting(string eui, string host, int port, string tls, int queued);

    [LoggerMessage(Level = LogLevel.Information, Message = "hub {Eui}: online ({Queued} frame(s) to deliver)")]
    private partial void LogOnline(string eui, int queued);

    [LoggerMessage(Level = LogLevel.Warning, Message = "hub {Eui}: broker unreachable ({Why}), next attempt in {DelayMs} ms")]
    private partial void LogOffline(string eui, string why, int delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "hub {Eui}: closed its connection to the broker ({Why}), next attempt in {DelayMs} ms")]
    private partial void LogConnectionClosed(string eui, string why, int delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "hub {Eui}: connection to the broker lost ({Why}), next attempt in {DelayMs} ms")]
    private partial void LogConnectionLost(string eui, string why, int delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "hub {Eui}: the broker refused the hub's credentials: {Reason}; next attempt in {DelayMs} ms")]
    private partial void LogRefused(string eui, string reason, int delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "hub {Eui}: TLS with the broker failed: {Reason}; next attempt in {DelayMs} ms")]
    private partial void LogTlsFailed(string eui, string reason, int delayMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "hub {Eui}: down frame ({Bytes} bytes): {Outcome}")]
    private partial void LogDown(string eui, string outcome, int bytes);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "hub {Eui}: down frame ({Bytes} bytes) not delivered ({Reason}): failure-to-deliver alert raised; {Total} undeliverable so far, {MailboxRefusals} turned away by a full mailbox")]
    private partial void LogUndeliverable(string eui, int bytes, string reason, long total, int mailboxRefusals);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "hub {Eui}: outbox has no room for more answers ({Queued}/{Capacity} queued, {Owed} owed): holding back commands from the WAN ({Waiting} waiting)")]
    private partial void LogHolding(string eui, int queued, int capacity, int owed, int waiting);

    [LoggerMessage(Level = LogLevel.Information, Message = "hub {Eui}: taking commands from the WAN again after {Ms} ms ({Offers} offers held back so far)")]
    private partial void LogResumed(string eui, long ms, long offers);

    [LoggerMessage(Level = LogLevel.Error, Message = "hub {Eui}: the outbox refused {Count} frame(s) ({Total} so far; {Queued} queued)")]
    private partial void LogFramesRefused(string eui, long count, long total, int queued);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "hub {Eui}: {Count} command(s) arrived beyond the inbox ({Waiting} waiting): left unacknowledged, fetched again by a reconnect")]
    private partial void LogDownOverflow(string eui, int count, int waiting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "hub {Eui}: down frame rejected: {Reason}")]
    private partial void LogRejected(string eui, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HAN: command {Counter} for {Device} got no response ({Reason})")]
    private partial void LogTimedOut(string device, ulong counter, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HAN: join of {Device} refused by the device log")]
    private partial void LogJoinRefused(string device);

    [LoggerMessage(Level = LogLevel.Information, Message = "hub {Eui}: stopped ({Queued} frame(s) kept for the next start)")]
    private partial void LogStopped(string eui, int queued);

    [LoggerMessage(Level = LogLevel.Error, Message = "hub {Eui}: fault in the hub loop")]
    private partial void LogFault(string eui, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "hub {Eui}: fault in the hub loop, again ({LeftOut} more like it not logged in the {Seconds} s before)")]
    private partial void LogFaultAgain(string eui, int leftOut, int seconds, Exception exception);
}
