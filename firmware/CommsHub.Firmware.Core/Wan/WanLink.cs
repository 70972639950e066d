using System;
using CommsHub.Firmware.Core.Han;
using CommsHub.Protocol.Wan;

namespace CommsHub.Firmware.Core.Wan
{
    /// <summary>
    /// Keeps the hub on the WAN through an <see cref="IWanTransport"/>: connects with a retained-offline last will,
    /// subscribes to <c>chub/{EUI}/down</c> and hands those frames to the engine, publishes a retained online status,
    /// drains the <see cref="Outbox"/> to <c>chub/{EUI}/up</c> in order with up to <see cref="WanLinkOptions.Window"/>
    /// frames awaiting their PUBACK (an entry is removed only once it and every older one are acknowledged), and
    /// reconnects with capped exponential backoff and jitter. Everything time-based happens in <see cref="Tick"/>;
    /// transport events only record what happened, so they are safe from any thread.
    /// <para>
    /// No tick in the way: <see cref="AckReceived"/> tells the host that a PUBACK arrived, and <see cref="Pump"/> (on the
    /// hub's thread) sends the next frames at once, so a hub's answer rate is bound by the broker's round trip and the
    /// window, not by how often <see cref="Tick"/> runs.
    /// </para>
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
        // Acknowledgement slots beyond the window: the status publishes' PUBACKs land there too.
        private const int ExtraAckSlots = 8;

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
        // consumed on the hub's thread by Tick and Pump.
        private readonly int[] _ackIds;
        private readonly bool[] _ackOk;
        private int _ackCount;

        // Outbox frames published and not yet retired, oldest first: slot k holds the k-th live outbox entry. Hub
        // thread only. A slot retires (its entry leaves the outbox) only when it and every older slot are acknowledged.
        private const int SlotWaiting = 0;
        private const int SlotAcked = 1;
        private const int SlotRefused = 2;
        private readonly int[] _slotIds;
        private readonly uint[] _slotEntries;
        private readonly int[] _slotStates;
        private long _oldestSince;
        private int _ackTimeoutSeconds; // the PUBACK wait now: doubled at each close for a missing PUBACK, reset when all are in
        private int _slots;
        private bool _pumping;
        private bool _lost;

        private WanLinkState _state;
        private int _attempt;
        private long _nextAttempt;
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
            if (options.AckTimeoutSeconds < 1 || options.MaxAckTimeoutSeconds < options.AckTimeoutSeconds || options.MaxPublishesPerTick < 1 || options.ReceiveMaximum < 1 || options.ReceiveMaximum > 65535
                || options.InboxCapacity < options.ReceiveMaximum || options.MaxDownFrameLength < 1
                || options.Window < 1 || options.Window > WanLinkOptions.MaxWindow)
                throw new ArgumentException("timeouts and limits must be positive, the window at most " + WanLinkOptions.MaxWindow + ", and the inbox must hold the receive maximum");
            _transport = transport;
            _outbox = outbox;
            _ackTimeoutSeconds = options.AckTimeoutSeconds;
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
            _ackIds = new int[options.Window + ExtraAckSlots];
            _ackOk = new bool[options.Window + ExtraAckSlots];
            _slotIds = new int[options.Window];
            _slotEntries = new uint[options.Window];
            _slotStates = new int[options.Window];
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
        /// Down frames that found the inbox full (a broker ignoring the Receive Maximum): released to the transport
        /// unacknowledged (<see cref="IWanTransport.Release"/>), for the broker to deliver again after the reconnect
        /// the link makes once the inbox has emptied.
        /// </summary>
        public int DownOverflows { get; private set; }

        /// <summary>
        /// Down frames longer than <see cref="WanLinkOptions.MaxDownFrameLength"/> on a preallocated inbox: no slot can
        /// hold them, so they are acknowledged (a redelivery could never fit either) and dropped, each one counted here.
        /// </summary>
        public int DownTooLarge { get; private set; }

        /// <summary>
        /// Connections the link closed itself because the oldest frame in flight had no PUBACK within
        /// <see cref="AckTimeoutSeconds"/> (a new session makes the broker's copy go out again).
        /// </summary>
        public int AckTimeouts { get; private set; }

        /// <summary>
        /// The PUBACK wait now: <see cref="WanLinkOptions.AckTimeoutSeconds"/>, doubled at each connection closed for a
        /// missing PUBACK (at most <see cref="WanLinkOptions.MaxAckTimeoutSeconds"/>), back to it once all frames in
        /// flight are acknowledged.
        /// </summary>
        public int AckTimeoutSeconds { get { return _ackTimeoutSeconds; } }

        /// <summary>
        /// Connections the link closed itself, once its inbox had emptied, so that the broker delivers again the commands
        /// the full inbox refused (<see cref="DownOverflows"/>).
        /// </summary>
        public int Resyncs { get; private set; }

        /// <summary>Raised (on the transport's thread) when a down frame is waiting: the host may call <see cref="ProcessDown"/> at once.</summary>
        public event WanDownQueuedHandler DownQueued;

        /// <summary>
        /// Raised (on the transport's thread, possibly inside a call to the transport) when the broker answered a
        /// publish: the host may post <see cref="Pump"/> to the hub's thread so that the next frame goes out at once.
        /// </summary>
        public event WanAckReceivedHandler AckReceived;

        /// <summary>Outbox frames published and awaiting their PUBACK (or an older frame's), at most the window.</summary>
        public int FramesInFlight { get { return _slots; } }

        /// <summary>The options the link runs with, for inspection.</summary>
        public WanLinkOptions Options { get { return _options; } }

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
            if (!Drain(t)) return;
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
                Resyncs++;
                _transport.Disconnect();
                GoDown(t);
                return;
            }
            if (_slots > 0 && t - _oldestSince >= _ackTimeoutSeconds * TimeSpan.TicksPerSecond)
            {
                // No PUBACK: the session is stuck, or the broker far behind. Reconnecting makes the frame go out again (at
                // least once); the next wait is longer, in case it was only behind.
                AckTimeouts++;
                _ackTimeoutSeconds = _ackTimeoutSeconds > _options.MaxAckTimeoutSeconds / 2 ? _options.MaxAckTimeoutSeconds : _ackTimeoutSeconds * 2;
                _transport.Disconnect();
                GoDown(t);
            }
        }

        /// <summary>
        /// Publishes the status if the HAN's device counts changed, takes the PUBACKs received so far and publishes the
        /// next outbox frames while the window has room (at most <see cref="WanLinkOptions.MaxPublishesPerTick"/> per
        /// call); nothing else (no connecting, no timers). Call it
        /// on the hub's thread after <see cref="AckReceived"/> and after anything that may have queued a frame. Returns
        /// the frames published; 0 while disconnected, and when called from inside itself (a transport raising
        /// <see cref="AckReceived"/> synchronously), since the outer call goes on draining.
        /// </summary>
        public int Pump(DateTime now)
        {
            if (_state != WanLinkState.Connected || _pumping) return 0;
            int before = FramesPublished;
            Drain(now.Ticks);
            return FramesPublished - before;
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
            _slots = 0;
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
            _slots = 0;
            _retryAt = 0;
            ClearAcks();
            _statusDevices = -1; // the status goes out on every connect: it replaces the will's "offline"
            PublishStatusIfChanged();
        }

        private void GoDown(long t)
        {
            _state = WanLinkState.Disconnected;
            // Unacknowledged frames stay in the outbox and go out again, in order, from its head after the reconnect.
            _slots = 0;
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

        // Publishes while the window has room; false when the link went down on the way.
        private bool Drain(long t)
        {
            _pumping = true;
            try
            {
                // A join or removal the work just did shows in the retained status now, ahead of the frames that
                // follow it (a client reading the status after the answer to a later command must see it). Inside the
                // pumping guard: a transport that acknowledges synchronously re-enters Pump.
                PublishStatusIfChanged();
                for (int i = 0; i < _options.MaxPublishesPerTick; i++)
                {
                    ProcessAcks(t);
                    if (_slots >= _slotIds.Length || t < _retryAt || _outbox.Count <= _slots) break;
                    if (!PublishNext(t)) return _state == WanLinkState.Connected;
                }
                ProcessAcks(t);
                return true;
            }
            finally
            {
                _pumping = false;
            }
        }

        // Publishes the outbox entry after the ones in flight (the slots mirror the outbox from its head).
        private bool PublishNext(long t)
        {
            uint entry;
            int n = _outbox.ReadAt(_slots, _buffer, 0, out entry);
            if (n == 0) return false;
            int id = _transport.Publish(_upTopic, _buffer, 0, n, false);
            if (id <= 0)
            {
                // The client could not even send: treat as a broken link and come back through the backoff.
                GoDown(t);
                return false;
            }
            FramesPublished++;
            if (_slots == 0) _oldestSince = t;
            _slotIds[_slots] = id;
            _slotEntries[_slots] = entry;
            _slotStates[_slots] = SlotWaiting;
            _slots++;
            return true;
        }

        private void ProcessAcks(long t)
        {
            lock (_sync)
            {
                for (int i = 0; i < _ackCount; i++)
                {
                    for (int k = 0; k < _slots; k++)
                    {
                        if (_slotIds[k] != _ackIds[i]) continue;
                        _slotStates[k] = _ackOk[i] ? SlotAcked : SlotRefused;
                        break;
                    }
                }
                _ackCount = 0;
            }
            // Retire from the oldest: the outbox forgets an entry only when every older one is acknowledged too.
            int retired = 0;
            while (retired < _slots && _slotStates[retired] == SlotAcked) retired++;
            if (retired > 0)
            {
                _outbox.Acknowledge(_slotEntries[retired - 1]);
                for (int k = retired; k < _slots; k++)
                {
                    _slotIds[k - retired] = _slotIds[k];
                    _slotEntries[k - retired] = _slotEntries[k];
                    _slotStates[k - retired] = _slotStates[k];
                }
                _slots -= retired;
                _oldestSince = t;
                if (_slots == 0) _ackTimeoutSeconds = _options.AckTimeoutSeconds;
            }
            for (int k = 0; k < _slots; k++)
            {
                if (_slotStates[k] != SlotRefused) continue;
                // Refused: send it again shortly, and everything after it too, so that the broker's last copy of each
                // frame is in outbox order. Late PUBACKs of the forgotten slots match nothing (ids are not reused).
                _slots = 0;
                _retryAt = t + _backoff.Ceiling(1) * TimeSpan.TicksPerMillisecond;
                break;
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
                if (_ackCount == _ackIds.Length)
                {
                    // Keep the newest: drop the oldest slot (the window plus spare slots for status acks, so an outbox
                    // frame's PUBACK is dropped only by a transport reporting ids it never gave; the ack timeout cures that).
                    for (int i = 1; i < _ackIds.Length; i++)
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
            WanAckReceivedHandler received = AckReceived;
            if (received != null) received();
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
            bool full;
            lock (_sync)
            {
                full = _inboxCount == _inboxFrames.Length;
                if (full)
                {
                    DownOverflows++;
                    _resync = true;
                }
                else
                {
                        int slot = (_inboxHead + _inboxCount) % _inboxFrames.Length;
                    if (!_options.PreallocateInbox) _inboxFrames[slot] = new byte[count];
                    Array.Copy(payload, offset, _inboxFrames[slot], 0, count);
                    _inboxLengths[slot] = count;
                    _inboxIds[slot] = deliveryId;
                    _inboxCount++;
                }
            }
            if (full)
            {
                // Not acknowledged (the broker sends it again after the reconnect the link makes once the inbox has
                // emptied), and not kept by the transport either: a broker ignoring the Receive Maximum may send many.
                if (deliveryId != 0) _transport.Release(deliveryId);
                return;
            }
            WanDownQueuedHandler queued = DownQueued;
            if (queued != null) queued();
        }
    }
}
