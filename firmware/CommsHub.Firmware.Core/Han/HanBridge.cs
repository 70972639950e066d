using System;
using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Protocol.Asn1;
using CommsHub.Firmware.Core.Time;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Core.Han
{
    /// <summary>
    /// Bridges GBCS between the engine and the HAN over an <see cref="IHanNetwork"/>, with the CHF Device Log as the
    /// authority on who may be reached and who may join:
    /// <list type="bullet">
    /// <item>commands go only to devices in the log that are joined (else <see cref="HanForwardResult.UnknownDevice"/> /
    /// <see cref="HanForwardResult.NotJoined"/>, which the engine turns into the GBCS error);</item>
    /// <item>awake devices get a tunnel PUT at once; sleepy ones (GSME, served through the GPF role) get a bounded,
    /// expiring <see cref="Mailbox"/> that a tunnel GET drains one message at a time;</item>
    /// <item>every forwarded command is tracked by (target, originator counter) until its response arrives or
    /// <see cref="CommandTimedOut"/> fires;</item>
    /// <item>joins are accepted only for whitelisted devices inside the join window (or a trust-centre rejoin with the
    /// TC link key already on record); anything else is removed from the network.</item>
    /// </list>
    /// Timers advance in <see cref="Poll"/> / <see cref="Tick"/>: the core has no threads of its own.
    /// <para>
    /// Threading: <see cref="Forward"/> and <see cref="Poll"/> are called by the hub's main loop; network events may
    /// come from the radio's thread. Shared state is guarded by one lock that is never held while calling the network
    /// or raising an event, so a network that blocks on its own thread cannot deadlock against the bridge.
    /// </para>
    /// </summary>
    public sealed class HanBridge : IHanBridge, IHanSummary, IHanJoinEvents
    {
        private readonly IHanNetwork _network;
        private readonly ChfDeviceLog _log;
        private readonly IClock _clock;
        private readonly HanBridgeOptions _options;
        private readonly object _sync = new object();
        private readonly Mailbox[] _mailboxes;
        private readonly ResponseTracker _outstanding;
        // One transmit buffer per sending path (main loop forwards, radio thread answers GETs), allocated once.
        private readonly byte[] _tx;
        private readonly byte[] _txPoll;
        // Decoding views reused for every received payload (received on one thread: the radio's).
        private readonly TunnelFrame _rx = new TunnelFrame();
        private readonly GbcsMessage _rxMessage = new GbcsMessage();

        /// <summary>Creates the bridge and subscribes to the network's and the device log's events.</summary>
        /// <exception cref="ArgumentException">missing collaborators or non-positive limits.</exception>
        public HanBridge(IHanNetwork network, ChfDeviceLog log, IClock clock, HanBridgeOptions options)
        {
            if (network == null) throw new ArgumentNullException("network");
            if (log == null) throw new ArgumentNullException("log");
            if (clock == null) throw new ArgumentNullException("clock");
            if (options == null) options = new HanBridgeOptions();
            if (options.MaxFrameLength < 16 || options.MaxMailboxes < 0 || options.MaxOutstanding < 1 || options.MailboxCapacity < 1
                || options.MailboxMaxBytes < 1 || options.ResponseTimeoutSeconds < 1 || options.SleepyResponseTimeoutSeconds < 1
                || options.MailboxLifetimeSeconds < 1)
                throw new ArgumentException("HAN bridge limits and timeouts must be positive");
            _network = network;
            _log = log;
            _clock = clock;
            _options = options;
            // Every mailbox and its byte pool is made here, once: forwarding to a sleepy device never allocates.
            _mailboxes = new Mailbox[options.MaxMailboxes];
            for (int i = 0; i < _mailboxes.Length; i++) _mailboxes[i] = new Mailbox(0, options.MailboxCapacity, options.MailboxMaxBytes);
            _outstanding = new ResponseTracker(options.MaxOutstanding);
            _tx = new byte[TunnelFrame.Measure(TunnelCommand.Put, options.MaxFrameLength)];
            _txPoll = new byte[TunnelFrame.Measure(TunnelCommand.GetResponse, options.MaxFrameLength)];
            network.PayloadReceived += OnPayload;
            network.DeviceJoined += OnJoined;
            network.DeviceLeft += OnLeft;
            network.DevicePolled += OnPolled;
            log.Changed += OnLogChanged;
        }

        /// <inheritdoc />
        public event HanFrameHandler FrameReceived;

        /// <inheritdoc />
        public event HanTimeoutHandler CommandTimedOut;

        /// <inheritdoc />
        public event HanDeviceHandler JoinRefused;

        /// <summary>Commands awaiting a response.</summary>
        public int OutstandingCount { get { lock (_sync) { return _outstanding.Count; } } }

        /// <summary>Tunnel payloads dropped because they did not decode.</summary>
        public int MalformedPayloads { get; private set; }

        /// <summary>Payloads dropped because their source is not a joined device in the log (or was a GET-RESPONSE).</summary>
        public int DroppedPayloads { get; private set; }

        /// <summary>Commands turned away because the sleepy device's mailbox was full (or no mailbox was free).</summary>
        public int MailboxRefusals { get; private set; }

        /// <summary>Joins refused.</summary>
        public int RefusedJoins { get; private set; }

        /// <inheritdoc />
        public int DeviceCount { get { return _log.Count; } }

        /// <inheritdoc />
        public int JoinedCount
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _log.Count; i++)
                {
                    if (_log.GetEntry(i).JoinState == JoinState.Joined) n++;
                }
                return n;
            }
        }

        /// <summary>Messages waiting in <paramref name="device"/>'s mailbox (0 when it has none).</summary>
        public int MailboxCount(ulong device)
        {
            lock (_sync)
            {
                Mailbox m = FindMailbox(device);
                return m == null ? 0 : m.Count;
            }
        }

        /// <summary>True when the command (target, originator counter) still awaits its response.</summary>
        public bool IsOutstanding(ulong target, ulong originatorCounter)
        {
            lock (_sync) { return _outstanding.Contains(target, originatorCounter); }
        }

        /// <summary>True for devices served through a mailbox: a GSME sleeps and polls the hub's GPF.</summary>
        public static bool IsSleepy(DeviceType type) { return type == DeviceType.Gsme; }

        /// <inheritdoc />
        public HanForwardResult Forward(ulong target, byte[] frame, int offset, int count, ulong originatorCounter)
        {
            if (frame == null || offset < 0 || count < 1 || offset > frame.Length - count) throw new ArgumentException("frame range");
            DeviceLogEntry entry = _log.Find(target);
            if (entry == null) return HanForwardResult.UnknownDevice;
            if (entry.JoinState != JoinState.Joined) return HanForwardResult.NotJoined;
            if (count > _options.MaxFrameLength) return HanForwardResult.LinkError;
            long now = _clock.UtcNow.Ticks;
            if (IsSleepy(entry.DeviceType))
            {
                lock (_sync)
                {
                    Mailbox m = MailboxFor(target);
                    long expires = now + _options.MailboxLifetimeSeconds * TimeSpan.TicksPerSecond;
                    if (m != null && m.Enqueue(frame, offset, count, originatorCounter, expires)) return HanForwardResult.Queued;
                    MailboxRefusals++;
                    return HanForwardResult.MailboxFull;
                }
            }
            int n = TunnelFrame.Encode(TunnelCommand.Put, 0, frame, offset, count, _tx, 0);
            bool sentBefore = IsOutstanding(target, originatorCounter);
            // Tracked before sending: a device (or simulator) may answer before Send returns.
            Track(target, originatorCounter, now + _options.ResponseTimeoutSeconds * TimeSpan.TicksPerSecond);
            if (_network.Send(target, _tx, 0, n)) return HanForwardResult.Sent;
            // Only this copy failed: a copy of the same command sent before (the broker delivers again after a
            // reconnect) still awaits its response, and its timeout.
            if (!sentBefore) lock (_sync) { _outstanding.Match(target, originatorCounter); }
            return HanForwardResult.LinkError;
        }

        /// <summary>Advances the timers to the clock's current time.</summary>
        public void Tick() { Poll(_clock.UtcNow); }

        /// <summary>
        /// Expires mailbox entries and overdue responses as of <paramref name="now"/>, raising
        /// <see cref="CommandTimedOut"/> for each (outside the lock, one at a time).
        /// </summary>
        public void Poll(DateTime now)
        {
            long t = now.Ticks;
            while (true)
            {
                ulong target = 0;
                ulong counter = 0;
                HanTimeoutReason reason = HanTimeoutReason.NoResponse;
                bool found = false;
                lock (_sync)
                {
                    for (int i = 0; i < _mailboxes.Length && !found; i++)
                    {
                        Mailbox m = _mailboxes[i];
                        if (m != null && m.TakeExpired(t, out counter))
                        {
                            target = m.Device;
                            reason = HanTimeoutReason.MailboxExpired;
                            found = true;
                        }
                    }
                    if (!found) found = _outstanding.TakeExpired(t, out target, out counter);
                }
                if (!found) return;
                RaiseTimeout(target, counter, reason);
            }
        }

        private void Track(ulong target, ulong counter, long deadline)
        {
            ulong evictedTarget;
            ulong evictedCounter;
            bool evicted;
            lock (_sync) { evicted = _outstanding.Add(target, counter, deadline, out evictedTarget, out evictedCounter); }
            if (evicted) RaiseTimeout(evictedTarget, evictedCounter, HanTimeoutReason.Evicted);
        }

        private void OnPayload(ulong source, byte[] payload, int offset, int count)
        {
            DeviceLogEntry entry = _log.Find(source);
            if (entry == null || entry.JoinState != JoinState.Joined)
            {
                DroppedPayloads++;
                return;
            }
            // Noted in RAM only: a snapshot write per frame would wear the flash and allocate on every message; the
            // engine persists noted times periodically (HubEngineConfig.CommunicationFlushSeconds) and at Flush.
            _log.NoteCommunication(source);
            try
            {
                TunnelFrame.DecodeInto(_rx, payload, offset, count);
            }
            catch (GbcsFormatException)
            {
                MalformedPayloads++;
                return;
            }
            if (_rx.Command == TunnelCommand.Get) ServeGet(source);
            else if (_rx.Command == TunnelCommand.Put) Deliver(source, _rx.Buffer, _rx.MessageOffset, _rx.MessageLength);
            else DroppedPayloads++; // a GET-RESPONSE is the hub's to send, never to receive
        }

        private void Deliver(ulong source, byte[] buffer, int offset, int count)
        {
            try
            {
                GbcsFrameParser.ParseInto(_rxMessage, buffer, offset, count);
                if (_rxMessage.Cra == CraFlag.Response)
                {
                    lock (_sync) { _outstanding.Match(source, _rxMessage.OriginatorCounter); }
                }
            }
            catch (GbcsFormatException)
            {
                // Not parseable here (e.g. a GBT segment): still relayed; the WAN side decides what it is.
            }
            // Late and unmatched responses are relayed too: the adapter correlates and may still use them.
            HanFrameHandler handler = FrameReceived;
            if (handler != null) handler(source, buffer, offset, count);
        }

        private void ServeGet(ulong source)
        {
            Mailbox held = null;
            uint id = 0;
            ulong counter = 0;
            int n;
            lock (_sync)
            {
                Mailbox m = FindMailbox(source);
                if (m != null && m.Count > 0)
                {
                    // Copied into the transmit buffer under the lock: the mailbox's pool moves when a message leaves it.
                    held = m;
                    id = m.PeekId();
                    counter = m.PeekCounter();
                    n = TunnelFrame.Encode(TunnelCommand.GetResponse, m.Count - 1, m.Pool, m.PeekOffset(), m.PeekLength(), _txPoll, 0);
                }
                else
                {
                    n = TunnelFrame.Encode(TunnelCommand.GetResponse, 0, null, 0, 0, _txPoll, 0);
                }
            }
            if (held == null)
            {
                _network.Send(source, _txPoll, 0, n);
                return;
            }
            bool handedBefore = IsOutstanding(source, counter);
            Track(source, counter, _clock.UtcNow.Ticks + _options.SleepyResponseTimeoutSeconds * TimeSpan.TicksPerSecond);
            bool sent = _network.Send(source, _txPoll, 0, n);
            lock (_sync)
            {
                // Only a message the device actually received leaves the mailbox (and only if it is still the one
                // handed out); a failed send is retried at the next GET.
                if (sent && FindMailbox(source) == held && held.PeekId() == id) held.RemoveOldest();
                if (!sent && !handedBefore) _outstanding.Match(source, counter);
            }
        }

        private void OnJoined(ulong device, byte[] tcLinkKey)
        {
            bool accepted = false;
            DeviceLogEntry entry = _log.Find(device);
            if (entry != null && tcLinkKey != null && tcLinkKey.Length == 16)
            {
                if (_log.MayJoin(device))
                {
                    accepted = _log.DeviceJoined(device, tcLinkKey) == DeviceLogResult.Success;
                }
                else if (entry.HasTcLinkKey)
                {
                    // Trust-centre rejoin outside the window: allowed only with the TC link key already on record,
                    // which proves it is the device that joined before (GBCS: a device that left may rejoin).
                    byte[] known = entry.GetTcLinkKey();
                    if (BigEndian.RangeEquals(known, 0, tcLinkKey, 0, 16))
                        accepted = _log.DeviceJoined(device, tcLinkKey) == DeviceLogResult.Success;
                }
            }
            if (accepted) return;
            RefusedJoins++;
            _network.RemoveDevice(device);
            HanDeviceHandler handler = JoinRefused;
            if (handler != null) handler(device);
        }

        private void OnLeft(ulong device)
        {
            if (_log.Find(device) != null) _log.DeviceLeft(device);
            Purge(device);
        }

        private void OnPolled(ulong device)
        {
            // A MAC data request only says the device is awake; GBCS messages are released by the tunnel GET that
            // follows, so there is nothing to do here (and no flash write per poll).
        }

        private void OnLogChanged(ChfDeviceLog sender, DeviceLogChange change)
        {
            switch (change.Kind)
            {
                case DeviceLogChangeKind.Unregistered:
                    Purge(change.Eui);
                    _network.RemoveDevice(change.Eui);
                    break;
                case DeviceLogChangeKind.UnregisteredAll:
                case DeviceLogChangeKind.Restored:
                    PurgeMissing();
                    // Out of the log means off the HAN, as for a single unregistered device: a dropped device would
                    // otherwise stay joined with the network key.
                    for (int i = 0; i < change.Dropped.Length; i++) _network.RemoveDevice(change.Dropped[i]);
                    break;
                case DeviceLogChangeKind.Registered:
                case DeviceLogChangeKind.JoinSettings:
                    ArmJoining();
                    break;
            }
        }

        /// <summary>
        /// Gives the radio the link keys of every whitelisted device that has not joined, for the rest of the join
        /// window. Called on its own when the log registers a device or opens the window; public for a radio restart.
        /// </summary>
        public void ArmJoining()
        {
            if (!_log.JoiningEnabled) return;
            long left = (long)_log.JoinWindowEnd - HubTime.ToSeconds(_clock.UtcNow);
            if (left <= 0) return;
            for (int i = 0; i < _log.Count; i++)
            {
                DeviceLogEntry e = _log.GetEntry(i);
                if (e.HasLinkKey && e.JoinState != JoinState.Joined) _network.PermitJoin(e.Eui, e.GetLinkKey(), (int)left);
            }
        }

        private void Purge(ulong device)
        {
            while (true)
            {
                ulong counter = 0;
                bool found;
                lock (_sync)
                {
                    Mailbox m = FindMailbox(device);
                    found = m != null && m.TakeOldest(out counter);
                    if (!found) found = _outstanding.TakeFor(device, out counter);
                }
                if (!found) return;
                RaiseTimeout(device, counter, HanTimeoutReason.DeviceGone);
            }
        }

        private void PurgeMissing()
        {
            while (true)
            {
                ulong gone = 0;
                bool any = false;
                lock (_sync)
                {
                    for (int i = 0; i < _mailboxes.Length && !any; i++)
                    {
                        if (_mailboxes[i] != null && _mailboxes[i].Count > 0 && _log.Find(_mailboxes[i].Device) == null)
                        {
                            gone = _mailboxes[i].Device;
                            any = true;
                        }
                    }
                    for (int i = 0; i < _outstanding.Count && !any; i++)
                    {
                        if (_log.Find(_outstanding.TargetAt(i)) == null)
                        {
                            gone = _outstanding.TargetAt(i);
                            any = true;
                        }
                    }
                }
                if (!any) return;
                Purge(gone);
            }
        }

        private Mailbox FindMailbox(ulong device)
        {
            for (int i = 0; i < _mailboxes.Length; i++)
            {
                if (_mailboxes[i] != null && _mailboxes[i].Device == device) return _mailboxes[i];
            }
            return null;
        }

        private Mailbox MailboxFor(ulong device)
        {
            Mailbox m = FindMailbox(device);
            if (m != null) return m;
            // An empty mailbox (its device has nothing waiting) is given to this one: the table stays bounded.
            for (int i = 0; i < _mailboxes.Length; i++)
            {
                if (_mailboxes[i].Count == 0)
                {
                    _mailboxes[i].Reassign(device);
                    return _mailboxes[i];
                }
            }
            return null;
        }

        private void RaiseTimeout(ulong target, ulong counter, HanTimeoutReason reason)
        {
            HanTimeoutHandler handler = CommandTimedOut;
            if (handler != null) handler(target, counter, reason);
        }
    }
}
