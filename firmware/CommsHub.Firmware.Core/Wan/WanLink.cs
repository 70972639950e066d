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
            if (options.AckTimeoutSeconds < 1 || options.MaxPublishesPerTick < 1) throw new ArgumentException("timeouts and limits must be positive");
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

        /// <summary>The connect options used (with the last will), for inspection.</summary>
        public WanConnectOptions ConnectOptions { get { return _connect; } }

        /// <summary>Runs connection, draining and timers as of <paramref name="now"/> (UTC). Call it often (e.g. every 50-100 ms).</summary>
        public void Tick(DateTime now)
        {
            if (_state == WanLinkState.Stopped) return;
            long t = now.Ticks;
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
            Schedule(t);
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

        private void OnMessage(string topic, byte[] payload, int offset, int count)
        {
            if (topic != _downTopic || payload == null) return;
            try
            {
                _onDown(payload, offset, count);
            }
            catch (Exception)
            {
                DownHandlerFailures++;
            }
        }
    }
}
