using System;
using CommsHub.Firmware.Core.Han;
using CommsHub.Protocol.Wan;

namespace CommsHub.Firmware.Core.Wan
{
    /// <summary>
    /// Keeps the hub on the WAN through an <see cref="IWanTransport"/>: connects with a retained-offline last will,
    /// subscribes to <c>chub/{EUI}/down</c> and hands those frames to the engine, publishes a retained online status,
    /// drains the <see cref="Outbox"/> to <c>chub/{EUI}/up</c> one frame at a time in order (an entry is removed only
    /// on its PUBACK), and reconnects with capped exponential backoff and jitter. Everything time-based happens in
    /// <see cref="Tick"/>; transport events only record what happened, so they are safe from any thread.
    /// <para>
    /// Holding back the WAN: a <c>down</c> frame waits in the link's inbox until the engine takes it
    /// (<see cref="ProcessDown"/>, from the hub's thread), and only then is it acknowledged to the broker. While the
    /// engine cannot take commands (its outbox has no room for their answers) the frames stay in the inbox,
    /// unacknowledged, and a broker that honours the MQTT 5 Receive Maximum the link asks for stops sending more: nothing
    /// is refused, nothing is lost, and a reboot only means the broker delivers them again.
    /// </para>
    /// </summary>
    public sealed class WanLink
    {
        private const int AckSlots = 8;

        private readonly IWanTransport _transport;
        private readonly Outbox _outbox;
        private readonly IHanSummary _han;
        private readonly WanLinkOptions _options;
        private readonly WanFrameHandler _onDown;
        private readonly Backoff _backoff;
        private readonly WanConnectOptions _connect;
        private readonly string _downTopic;
        private readonly string _upTopic;
        private readonly string _statusTopic;
        private readonly byte[] _buffer;
        private readonly object _sync = new object();

        // Acknowledgements recorded by the transport's thread (possibly before Publish has even returned the id),
        // consumed by Tick.
        private readonly int[] _ackIds = new int[AckSlots];
        private readonly bool[] _ackOk = new bool[AckSlots];
        private int _ackCount;
        private bool _lost;

        private WanLinkState _state;
        private int _attempt;
        private long _nextAttempt;
        private int _inFlight;        // message id of the outbox frame awaiting PUBACK, 0 = none
        private uint _inFlightEntry;  // its outbox id
        private long _inFlightSince;
        private long _retryAt;
        private int _statusDevices = -1;
        private int _statusJoined = -1;
        private bool _everConnected;

        // Down frames received and not yet taken by the engine, oldest first, as a ring of fixed slots (copied in: the
        // client's array is its own), with their lengths and delivery ids (0 once the connection they came on is gone:
        // a PUBACK on another connection would acknowledge a different message). With PreallocateInbox (a board) every
        // slot's buffer is made in the constructor and reused for good; without (a host) each frame gets its own array,
        // released once the engine took it.
        private readonly byte[][] _inboxFrames;
        private readonly int[] _inboxLengths;
        private readonly int[] _inboxIds;
        private int _inboxHead;
        private int _inboxCount;
        private bool _resync;
        private bool _holding;

        /// <summary>
        /// Creates the link (nothing happens until the first <see cref="Tick"/>). <paramref name="han"/> may be null
        /// (the status then reports 0 devices).
        /// </summary>
        public WanLink(IWanTransport transport, Outbox outbox, IHanSummary han, WanLinkOptions options, WanFrameHandler onDown)
        {
            if (transport == null) throw new ArgumentNullException("transport");
            if (outbox == null) throw new ArgumentNullException("outbox");
            if (options == null) throw new ArgumentNullException("options");
            if (onDown == null) throw new ArgumentNullException("onDown");
            if (options.AckTimeoutSeconds < 1 || options.MaxPublishesPerTick < 1 || options.ReceiveMaximum < 1 || options.ReceiveMaximum > 65535
                || options.InboxCapacity < options.ReceiveMaximum || options.MaxDownFrameLength < 1)
                throw new ArgumentException("timeouts and limits must be positive, and the inbox must hold the receive maximum");
            _transport = transport;
            _outbox = outbox;
            _han = han;
            _options = options;
            _onDown = onDown;
            uint seed = options.Seed != 0 ? options.Seed : (uint)(options.HubEui ^ (options.HubEui >> 32));
            _backoff = new Backoff(options.BackoffBaseMs, options.BackoffMaxMs, seed);
            _downTopic = WanTopics.Down(options.HubEui);
            _upTopic = WanTopics.Up(options.HubEui);
            _statusTopic = WanTopics.Status(options.HubEui);
            _buffer = new byte[outbox.MaxFrameLength];
            _connect = new WanConnectOptions();
            _connect.ClientId = CommsHub.Protocol.Encoding.Eui64.ToText(options.HubEui);
            _connect.UserName = options.UserName;
            _connect.Password = options.Password;
            _connect.KeepAliveSeconds = options.KeepAliveSeconds;
            _connect.CleanSession = false;
            _connect.WillTopic = _statusTopic;
            _connect.WillPayload = StatusJson.AsciiBytes(StatusJson.Offline(options.HubEui));
            _connect.WillRetain = true;
            _connect.ReceiveMaximum = options.ReceiveMaximum;
            _inboxFrames = new byte[options.InboxCapacity][];
            _inboxLengths = new int[options.InboxCapacity];
            _inboxIds = new int[options.InboxCapacity];
            if (options.PreallocateInbox)
            {
                for (int i = 0; i < _inboxFrames.Length; i++) _inboxFrames[i] = new byte[options.MaxDownFrameLength];
            }
            transport.MessageReceived += OnMessage;
            transport.PublishCompleted += OnPublishCompleted;
            transport.Disconnected += OnDisconnected;
        }

        /// <summary>Current state.</summary>
        public WanLinkState State { get { return _state; } }

        /// <summary>When the next connection attempt is due (UTC).</summary>
        public DateTime NextAttempt { get { return new DateTime(_nextAttempt, DateTimeKind.Utc); } }

        /// <summary>The delay chosen for the last scheduled attempt, in milliseconds.</summary>
        public int LastDelayMs { get; private set; }

        /// <summary>Consecutive failed or lost connections since the last success (drives the backoff).</summary>
        public int Attempt { get { return _attempt; } }

        /// <summary>Connection attempts made.</summary>
        public int ConnectAttempts { get; private set; }

        /// <summary>Successful connections after the first one.</summary>
        public int Reconnects { get; private set; }

        /// <summary>Outbox frames published (retransmissions included).</summary>
        public int FramesPublished { get; private set; }

        /// <summary>Down frames whose handler threw (the exception is swallowed so the MQTT client survives).</summary>
        public int DownHandlerFailures { get; private set; }

        /// <summary>Commands waiting in the inbox for the engine to take them.</summary>
        public int InboxCount { get { lock (_sync) { return _inboxCount; } } }

        /// <summary>True while the engine refuses commands and the link holds them back.</summary>
        public bool Holding { get { return _holding; } }

        /// <summary>Times the link started holding back commands (the engine refused one).</summary>
        public int HoldBacks { get; private set; }

        /// <summary>
        /// Down frames that found the inbox full (a broker ignoring the Receive Maximum): left unacknowledged for the
        /// broker to deliver again, after the reconnect the link makes once the inbox has emptied.
        /// </summary>
        public int DownOverflows { get; private set; }

        /// <summary>
        /// Down frames longer than <see cref="WanLinkOptions.MaxDownFrameLength"/> on a preallocated inbox: no slot can
        /// hold them, so they are acknowledged (a redelivery could never fit either) and dropped, each one counted here.
        /// </summary>
        public int DownTooLarge { get; private set; }

        /// <summary>Raised (on the transport's thread) when a down frame is waiting: the host may call <see cref="ProcessDown"/> at once.</summary>
        public event WanDownQueuedHandler DownQueued;

        /// <summary>The connect options used (with the last will), for inspection.</summary>
        public WanConnectOptions ConnectOptions { get { return _connect; } }

        /// <summary>Runs connection, draining and timers as of <paramref name="now"/> (UTC). Call it often (e.g. every 50-100 ms).</summary>
        public void Tick(DateTime now)
        {
            if (_state == WanLinkState.Stopped) return;
            long t = now.Ticks;
            // Commands already received are taken whatever the link's state: their answers wait in the outbox.
            ProcessDown();
            bool lost;
            lock (_sync)
            {
                lost = _lost;
                _lost = false;
            }
            if (_state == WanLinkState.Connected && (lost || !_transport.IsConnected))
            {
                GoDown(t);
                return;
            }
            if (_state == WanLinkState.Disconnected)
            {
                if (t < _nextAttempt) return;
                TryConnect(t);
                if (_state != WanLinkState.Connected) return;
            }
            PublishStatusIfChanged();
            for (int i = 0; i < _options.MaxPublishesPerTick; i++)
            {
                ProcessAcks(t);
                if (_inFlight != 0 || t < _retryAt || _outbox.Count == 0) break;
                if (!PublishHead(t)) return;
            }
            ProcessAcks(t);
            // Deliveries free outbox room: commands held back may be taken now.
            ProcessDown();
            bool resync;
            lock (_sync)
            {
                resync = _resync && _inboxCount == 0;
                if (resync) _resync = false;
            }
            if (resync)
            {
                // Frames the inbox could not hold were left unacknowledged; a new session makes the broker send them again.
                _transport.Disconnect();
                GoDown(t);
                return;
            }
            if (_inFlight != 0 && t - _inFlightSince >= _options.AckTimeoutSeconds * TimeSpan.TicksPerSecond)
            {
                // No PUBACK: the session is stuck. Reconnecting makes the frame go out again (at least once).
                _transport.Disconnect();
                GoDown(t);
            }
        }

        /// <summary>
        /// Publishes the offline status (a clean disconnect does not fire the will) and disconnects; Tick then does
        /// nothing. Undelivered frames stay in the outbox for the next start.
        /// </summary>
        public void Stop()
        {
            if (_state == WanLinkState.Connected)
            {
                byte[] offline = _connect.WillPayload;
                _transport.Publish(_statusTopic, offline, 0, offline.Length, true);
                _transport.Disconnect();
            }
            _state = WanLinkState.Stopped;
            _inFlight = 0;
        }

        /// <summary>Republishes the online status now (e.g. after a firmware change); no-op while disconnected.</summary>
        public void PublishStatus()
        {
            if (_state != WanLinkState.Connected) return;
            int devices = _han == null ? 0 : _han.DeviceCount;
            int joined = _han == null ? 0 : _han.JoinedCount;
            byte[] json = StatusJson.AsciiBytes(StatusJson.Online(_options.HubEui, _options.FirmwareVersion, devices, joined));
            if (_transport.Publish(_statusTopic, json, 0, json.Length, true) > 0)
            {
                _statusDevices = devices;
                _statusJoined = joined;
            }
        }

        private void PublishStatusIfChanged()
        {
            int devices = _han == null ? 0 : _han.DeviceCount;
            int joined = _han == null ? 0 : _han.JoinedCount;
            if (devices != _statusDevices || joined != _statusJoined) PublishStatus();
        }

        private void TryConnect(long t)
        {
            ConnectAttempts++;
            bool ok;
            try
            {
                ok = _transport.Connect(_connect) && _transport.Subscribe(_downTopic);
            }
            catch (Exception)
            {
                // A client library that throws instead of returning false (DNS, socket, TLS): same as a failure.
                ok = false;
            }
            if (!ok)
            {
                try { _transport.Disconnect(); } catch (Exception) { }
                Schedule(t);
                return;
            }
            if (_everConnected) Reconnects++;
            _everConnected = true;
            _attempt = 0;
            _state = WanLinkState.Connected;
            _inFlight = 0;
            _retryAt = 0;
            ClearAcks();
            _statusDevices = -1; // the status goes out on every connect: it replaces the will's "offline"
            PublishStatusIfChanged();
        }

        private void GoDown(long t)
        {
            _state = WanLinkState.Disconnected;
            _inFlight = 0;
            ClearAcks();
            ForgetDeliveryIds();
            Schedule(t);
        }

        /// <summary>
        /// Offers the waiting down frames to the engine, oldest first, and acknowledges each one it takes; stops at the
        /// first it refuses (the outbox is full), which stays at the head for the next call. Call it on the hub's thread
        /// (the engine's): from <see cref="Tick"/> and after <see cref="DownQueued"/>. Returns the frames taken.
        /// </summary>
        public int ProcessDown()
        {
            int taken = 0;
            while (true)
            {
                byte[] frame;
                int length;
                lock (_sync)
                {
                    if (_inboxCount == 0) break;
                    frame = _inboxFrames[_inboxHead];
                    length = _inboxLengths[_inboxHead];
                }
                bool took;
                try
                {
                    took = _onDown(frame, 0, length);
                }
                catch (Exception)
                {
                    // A frame that makes the handler throw would do so again: count it and let it go.
                    DownHandlerFailures++;
                    took = true;
                }
                if (!took)
                {
                    if (!_holding) HoldBacks++;
                    _holding = true;
                    break;
                }
                _holding = false;
                int id;
                lock (_sync)
                {
                    id = _inboxIds[_inboxHead];
                    _inboxLengths[_inboxHead] = 0;
                    if (!_options.PreallocateInbox) _inboxFrames[_inboxHead] = null;
                    _inboxHead = (_inboxHead + 1) % _inboxFrames.Length;
                    _inboxCount--;
                }
                if (id != 0)
                {
                    try { _transport.Acknowledge(id); }
                    catch (Exception) { /* the connection is going: the broker delivers it again, and the engine refuses a replay */ }
                }
                taken++;
            }
            return taken;
        }

        private void ForgetDeliveryIds()
        {
            // The frames stay: a broker that lost the session would not send them again. One that kept it will, and
            // the engine refuses the second copy of a command by its counter.
            lock (_sync)
            {
                for (int i = 0; i < _inboxCount; i++) _inboxIds[(_inboxHead + i) % _inboxIds.Length] = 0;
            }
        }

        private void Schedule(long t)
        {
            _attempt++;
            LastDelayMs = _backoff.NextDelayMs(_attempt);
            _nextAttempt = t + LastDelayMs * TimeSpan.TicksPerMillisecond;
        }

        private bool PublishHead(long t)
        {
            uint entry;
            int n = _outbox.ReadHead(_buffer, 0, out entry);
            if (n == 0) return false;
            int id = _transport.Publish(_upTopic, _buffer, 0, n, false);
            if (id <= 0)
            {
                // The client could not even send: treat as a broken link and come back through the backoff.
                GoDown(t);
                return false;
            }
            FramesPublished++;
            _inFlight = id;
            _inFlightEntry = entry;
            _inFlightSince = t;
            return true;
        }

        private void ProcessAcks(long t)
        {
            lock (_sync)
            {
                for (int i = 0; i < _ackCount; i++)
                {
                    if (_inFlight == 0 || _ackIds[i] != _inFlight) continue;
                    if (_ackOk[i]) _outbox.Acknowledge(_inFlightEntry);
                    else _retryAt = t + _backoff.Ceiling(1) * TimeSpan.TicksPerMillisecond; // refused: retry the same frame shortly
                    _inFlight = 0;
                }
                _ackCount = 0;
            }
        }

        private void ClearAcks()
        {
            lock (_sync) { _ackCount = 0; }
        }

        private void OnPublishCompleted(int messageId, bool delivered)
        {
            lock (_sync)
            {
                if (_ackCount == AckSlots)
                {
                    // Keep the newest: drop the oldest slot (status acks are the only others and are not needed).
                    for (int i = 1; i < AckSlots; i++)
                    {
                        _ackIds[i - 1] = _ackIds[i];
                        _ackOk[i - 1] = _ackOk[i];
                    }
                    _ackCount--;
                }
                _ackIds[_ackCount] = messageId;
                _ackOk[_ackCount] = delivered;
                _ackCount++;
            }
        }

        private void OnDisconnected()
        {
            lock (_sync) { _lost = true; }
        }

        private void OnMessage(string topic, byte[] payload, int offset, int count, int deliveryId)
        {
            if (topic != _downTopic || payload == null || offset < 0 || count < 0 || offset > payload.Length - count)
            {
                // Not ours to take: acknowledged so it does not hold a place in the broker's window.
                if (deliveryId != 0) _transport.Acknowledge(deliveryId);
                return;
            }
            if (_options.PreallocateInbox && count > _options.MaxDownFrameLength)
            {
                DownTooLarge++;
                if (deliveryId != 0) _transport.Acknowledge(deliveryId);
                return;
            }
            lock (_sync)
            {
                if (_inboxCount == _inboxFrames.Length)
                {
                    DownOverflows++;
                    _resync = true;
                    return;
                }
                int slot = (_inboxHead + _inboxCount) % _inboxFrames.Length;
                if (!_options.PreallocateInbox) _inboxFrames[slot] = new byte[count];
                Array.Copy(payload, offset, _inboxFrames[slot], 0, count);
                _inboxLengths[slot] = count;
                _inboxIds[slot] = deliveryId;
                _inboxCount++;
            }
            WanDownQueuedHandler queued = DownQueued;
            if (queued != null) queued();
        }
    }
}
