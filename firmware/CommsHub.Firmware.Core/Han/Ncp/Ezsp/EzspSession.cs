using System;
using CommsHub.Firmware.Core.Han.Ncp.Ash;
using CommsHub.Firmware.Core.Time;

namespace CommsHub.Firmware.Core.Han.Ncp.Ezsp
{
    /// <summary>
    /// EZSP over ASH, host side: resets the NCP, negotiates the protocol version, then sends queued commands one at
    /// a time (the UART NCP answers each before taking the next) and hands responses and callbacks to the listener.
    /// <para>
    /// Negotiation (UG100 §3, "version"): the first version command goes in the legacy header asking for
    /// <see cref="DesiredProtocolVersion"/>; the NCP answers with the version it speaks. If that is 8 or more the host
    /// repeats version in the extended header with that number and uses extended headers from then on. Versions
    /// 8..13 are accepted: their frame layouts for the commands this driver uses are the same, except that version
    /// 13 replaced addTransientLinkKey with importTransientKey (<see cref="UsesImportTransientKey"/>). Version 14
    /// changed sendUnicast and incomingMessageHandler, so it is refused with a clear reason.
    /// </para>
    /// </summary>
    public sealed class EzspSession : IAshListener
    {
        /// <summary>The version the host asks for first.</summary>
        public const int DesiredProtocolVersion = 13;

        /// <summary>Oldest version with the extended header.</summary>
        public const int MinProtocolVersion = 8;

        /// <summary>Newest version whose layouts this driver encodes.</summary>
        public const int MaxProtocolVersion = 13;

        /// <summary>Longest frame this side builds (ASH carries at most 128 bytes).</summary>
        public const int MaxFrameLength = 128;

        /// <summary>
        /// Commands queued behind the one awaiting its response, at most: a fixed pool of slots of
        /// <see cref="MaxFrameLength"/> bytes, so queueing never allocates. A command beyond it is refused
        /// (<see cref="Send"/> returns false, counted in <see cref="QueueOverflows"/>).
        /// </summary>
        public const int QueueCapacity = 8;

        private readonly AshConnection _ash;
        private readonly IEzspListener _listener;
        private readonly IClock _clock;
        // Queued commands as a ring of fixed slots: frame ID (2 bytes, low first) then the parameters.
        private readonly byte[][] _queue = new byte[QueueCapacity][];
        private readonly int[] _queueLengths = new int[QueueCapacity];
        private int _queueHead;
        private int _queueCount;
        private readonly byte[] _frame = new byte[MaxFrameLength];
        private readonly EzspWriter _writer;
        private readonly EzspReader _reader = new EzspReader();
        private readonly EzspFrameHeader _header = new EzspFrameHeader();
        private readonly EzspVersionResponse _version = new EzspVersionResponse();
        private readonly object _gate = new object();
        private readonly long _commandTimeoutTicks;

        private bool _legacy = true;
        private bool _ready;
        private int _sequence;
        private int _awaitingSequence = -1;
        private int _awaitingFrameId;
        private long _awaitingSince;

        /// <summary>Creates a session over a new ASH link (down until <see cref="Start"/>).</summary>
        public EzspSession(IAshTransport transport, IClock clock, AshOptions options, IEzspListener listener, int commandTimeoutMs)
        {
            if (listener == null) throw new ArgumentNullException("listener");
            if (clock == null) throw new ArgumentNullException("clock");
            _listener = listener;
            _clock = clock;
            _ash = new AshConnection(transport, this, clock, options);
            _writer = new EzspWriter(_frame);
            _commandTimeoutTicks = (long)(commandTimeoutMs <= 0 ? 5000 : commandTimeoutMs) * TimeSpan.TicksPerMillisecond;
            for (int i = 0; i < QueueCapacity; i++) _queue[i] = new byte[MaxFrameLength];
        }

        /// <summary>The ASH link underneath (counters for diagnostics).</summary>
        public AshConnection Ash { get { return _ash; } }

        /// <summary>True once version negotiation finished.</summary>
        public bool Ready { get { return _ready; } }

        /// <summary>The negotiated EZSP protocol version (0 before).</summary>
        public int ProtocolVersion { get; private set; }

        /// <summary>The NCP's stack version from the version response.</summary>
        public int StackVersion { get; private set; }

        /// <summary>True when the NCP takes importTransientKey (13+) rather than addTransientLinkKey.</summary>
        public bool UsesImportTransientKey { get { return ProtocolVersion >= 13; } }

        /// <summary>Commands queued behind the one awaiting its response.</summary>
        public int Queued { get { return _queueCount; } }

        /// <summary>Commands refused because <see cref="QueueCapacity"/> were already queued.</summary>
        public int QueueOverflows { get; private set; }

        /// <summary>Resets the NCP and negotiates again; queued commands are dropped.</summary>
        public void Start()
        {
            lock (_gate)
            {
                Clear();
                _ash.Reset();
            }
        }

        /// <summary>
        /// Queues a command; <paramref name="parameters"/> (the first <paramref name="count"/> bytes) are copied into a
        /// queue slot. False (nothing queued, counted in <see cref="QueueOverflows"/>) when every slot is taken.
        /// </summary>
        /// <exception cref="InvalidOperationException">before negotiation finished.</exception>
        public bool Send(int frameId, byte[] parameters, int count)
        {
            if (count < 0 || count > MaxFrameLength - EzspFrameHeader.ExtendedLength) throw new ArgumentException("EZSP parameters too long for one ASH frame");
            lock (_gate)
            {
                if (!_ready) throw new InvalidOperationException("the EZSP session is not ready (NCP not reset or version not negotiated)");
                if (_queueCount == QueueCapacity)
                {
                    QueueOverflows++;
                    return false;
                }
                int slot = (_queueHead + _queueCount) % QueueCapacity;
                byte[] command = _queue[slot];
                command[0] = (byte)frameId;
                command[1] = (byte)(frameId >> 8);
                if (count > 0) Array.Copy(parameters, 0, command, 2, count);
                _queueLengths[slot] = count + 2;
                _queueCount++;
                Pump();
                return true;
            }
        }

        /// <summary>Feeds bytes received from the NCP.</summary>
        public void Receive(byte[] buffer, int offset, int count)
        {
            lock (_gate) { _ash.Receive(buffer, offset, count); }
        }

        /// <summary>Runs the ASH timers and the command timeout.</summary>
        public void Tick()
        {
            lock (_gate)
            {
                _ash.Tick();
                if (_awaitingSequence >= 0 && _clock.UtcNow.Ticks - _awaitingSince > _commandTimeoutTicks)
                {
                    int frameId = _awaitingFrameId;
                    Clear();
                    _listener.OnFailed("no EZSP response to frame 0x" + frameId.ToString("X4"));
                }
            }
        }

        void IAshListener.OnConnected(int resetCode)
        {
            // A fresh link (ours, or the NCP reset by itself): negotiate from the legacy header again.
            Clear();
            SendVersion(DesiredProtocolVersion);
        }

        void IAshListener.OnFailed(AshFailure failure, int code)
        {
            Clear();
            _listener.OnFailed("ASH link failed: " + AshFailureText(failure) + " (code " + code + ")");
        }

        void IAshListener.OnData(byte[] data, int offset, int count)
        {
            _reader.Reset(data, offset, count);
            try
            {
                _header.Read(_reader, _legacy);
                if (!_header.IsResponse) return; // the NCP never sends commands; ignore rather than fail
                if (_header.IsCallback)
                {
                    if (_ready) _listener.OnCallback(_header.FrameId, _reader);
                    return;
                }
                if (_header.Sequence != _awaitingSequence || _header.FrameId != _awaitingFrameId)
                {
                    if (_header.FrameId == EzspFrameId.InvalidCommand) Fail("the NCP refused EZSP frame 0x" + _awaitingFrameId.ToString("X4"));
                    return;
                }
                _awaitingSequence = -1;
                if (_header.FrameId == EzspFrameId.Version && !_ready)
                {
                    Negotiate();
                    return;
                }
                _listener.OnResponse(_header.FrameId, _reader);
                Pump();
            }
            catch (EzspFormatException e)
            {
                Fail("bad EZSP frame from the NCP: " + e.Message);
            }
        }

        private void Negotiate()
        {
            _version.Read(_reader);
            int v = _version.ProtocolVersion;
            if (v < MinProtocolVersion || v > MaxProtocolVersion)
            {
                Fail("the NCP speaks EZSP protocol version " + v + "; this driver supports " + MinProtocolVersion + ".." + MaxProtocolVersion);
                return;
            }
            if (_legacy)
            {
                _legacy = false;
                SendVersion(v);
                return;
            }
            ProtocolVersion = v;
            StackVersion = _version.StackVersion;
            _ready = true;
            _listener.OnReady(v);
            Pump();
        }

        private void SendVersion(int version)
        {
            _writer.Clear();
            EzspFrameHeader.WriteCommand(_writer, NextSequence(), EzspFrameId.Version, _legacy);
            EzspCommands.Version(_writer, version);
            Transmit(EzspFrameId.Version);
        }

        private void Pump()
        {
            if (!_ready || _awaitingSequence >= 0 || _queueCount == 0) return;
            byte[] command = _queue[_queueHead];
            int length = _queueLengths[_queueHead];
            _queueHead = (_queueHead + 1) % QueueCapacity;
            _queueCount--;
            int frameId = command[0] | (command[1] << 8);
            _writer.Clear();
            EzspFrameHeader.WriteCommand(_writer, NextSequence(), frameId, false);
            _writer.Bytes(command, 2, length - 2);
            Transmit(frameId);
        }

        private void Transmit(int frameId)
        {
            _awaitingSequence = _frame[0];
            _awaitingFrameId = frameId;
            _awaitingSince = _clock.UtcNow.Ticks;
            // The session sends one command at a time, so ASH's slots cannot all be taken; should they be, the link is
            // in a state this side does not understand: fail it and let the restart clear it.
            if (!_ash.Send(_frame, 0, _writer.Length)) Fail("the ASH send queue is full");
        }

        private int NextSequence()
        {
            int s = _sequence;
            _sequence = (_sequence + 1) & 0xFF;
            return s;
        }

        private void Fail(string reason)
        {
            Clear();
            _listener.OnFailed(reason);
        }

        private void Clear()
        {
            _queueHead = 0;
            _queueCount = 0;
            _ready = false;
            _legacy = true;
            _awaitingSequence = -1;
            ProtocolVersion = 0;
        }

        private static string AshFailureText(AshFailure failure)
        {
            switch (failure)
            {
                case AshFailure.NcpError: return "the NCP sent ERROR";
                case AshFailure.ResetTimeout: return "no RSTACK after RST";
                default: return "DATA frames went unacknowledged";
            }
        }
    }
}
