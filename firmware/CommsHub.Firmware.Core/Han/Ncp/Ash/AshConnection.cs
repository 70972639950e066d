using System;
using CommsHub.Firmware.Core.Time;

namespace CommsHub.Firmware.Core.Han.Ncp.Ash
{
    /// <summary>
    /// The host side of an ASH link (UG101 §5) as a byte-in/byte-out state machine: <see cref="Receive"/> takes bytes
    /// from the NCP, <see cref="Send"/> queues EZSP frames, <see cref="Tick"/> runs the timers against the injected
    /// clock. No thread, timer or stream of its own, so it runs the same on nanoFramework and in tests.
    /// <para>
    /// Frame numbers are 3 bits. Up to <see cref="AshOptions.Window"/> DATA frames may be unacknowledged; a NAK or an
    /// ACK timeout sends every unacknowledged frame again with the retransmit flag (go-back-N). Received DATA is
    /// ACKed when in sequence, re-ACKed and dropped when it repeats the last one, NAKed once when out of sequence or
    /// corrupt (the "reject condition", cleared by the next good frame).
    /// </para>
    /// </summary>
    public sealed class AshConnection
    {
        /// <summary>
        /// EZSP frames held at once, sent-and-unacknowledged plus queued: a fixed pool of slots of
        /// <see cref="AshFrame.MaxDataLength"/> bytes, so sending never allocates. Beyond it <see cref="Send"/> returns
        /// false (counted in <see cref="QueueOverflows"/>).
        /// </summary>
        public const int SlotCount = 16;

        private static readonly byte[] NoData = new byte[0];

        private readonly IAshTransport _transport;
        private readonly IAshListener _listener;
        private readonly IClock _clock;
        private readonly AshOptions _options;
        private readonly AshFrameReader _reader = new AshFrameReader();
        private readonly byte[] _out = new byte[AshFrameWriter.MaxEncodedLength + 1];
        // Frames in order from the oldest unacknowledged: the first Outstanding are sent, the rest queued.
        private readonly byte[][] _slots = new byte[SlotCount][];
        private readonly int[] _slotLengths = new int[SlotCount];
        private int _first;          // slot of the oldest frame held
        private int _held;           // frames held (sent + queued)
        private readonly object _gate = new object();

        private AshConnectionState _state;
        private int _nextFrame;      // frmNum of the next new DATA frame
        private int _oldestUnacked;  // frmNum of the oldest DATA frame not yet acknowledged
        private int _expected;       // frmNum expected next from the NCP (our ackNum)
        private bool _rejecting;
        private long _deadline;      // ticks; 0 = no timer running
        private int _ackTimeoutMs;
        private int _timeouts;
        private int _resets;

        /// <summary>Creates a link that is down until <see cref="Reset"/>.</summary>
        public AshConnection(IAshTransport transport, IAshListener listener, IClock clock, AshOptions options)
        {
            if (transport == null) throw new ArgumentNullException("transport");
            if (listener == null) throw new ArgumentNullException("listener");
            if (clock == null) throw new ArgumentNullException("clock");
            _options = options ?? new AshOptions();
            if (_options.Window < 1 || _options.Window > 7) throw new ArgumentException("ASH window must be 1..7");
            _transport = transport;
            _listener = listener;
            _clock = clock;
            _ackTimeoutMs = _options.AckTimeoutMs;
            for (int i = 0; i < SlotCount; i++) _slots[i] = new byte[AshFrame.MaxDataLength];
        }

        /// <summary>Where the link is.</summary>
        public AshConnectionState State { get { return _state; } }

        /// <summary>DATA frames sent and not yet acknowledged.</summary>
        public int Outstanding { get { return (_nextFrame - _oldestUnacked) & 7; } }

        /// <summary>EZSP frames waiting for room in the window.</summary>
        public int Queued { get { return _held - Outstanding; } }

        /// <summary>EZSP frames refused because all <see cref="SlotCount"/> slots were in use.</summary>
        public int QueueOverflows { get; private set; }

        /// <summary>Counters for diagnostics: DATA frames sent again, NAKs sent, bad frames received.</summary>
        public int Retransmissions { get; private set; }

        /// <summary>NAK frames this side sent.</summary>
        public int NaksSent { get; private set; }

        /// <summary>Frames received that failed CRC, length or framing checks.</summary>
        public int BadFrames { get; private set; }

        /// <summary>Sends Cancel + RST and waits for RSTACK; everything queued or in flight is dropped.</summary>
        public void Reset()
        {
            lock (_gate)
            {
                _resets = 0;
                SendReset();
            }
        }

        /// <summary>
        /// Queues one EZSP frame (copied into a slot) and sends it when the window has room. False (nothing queued,
        /// counted in <see cref="QueueOverflows"/>) when every slot is in use.
        /// </summary>
        /// <exception cref="InvalidOperationException">the link is not connected.</exception>
        /// <exception cref="ArgumentException">bad range, or an EZSP frame outside 3..128 bytes.</exception>
        public bool Send(byte[] ezsp, int offset, int count)
        {
            if (ezsp == null || offset < 0 || count < 0 || offset > ezsp.Length - count) throw new ArgumentException("EZSP frame range");
            if (count < 3 || count > AshFrame.MaxDataLength) throw new ArgumentException("an EZSP frame over ASH holds 3..128 bytes");
            lock (_gate)
            {
                if (_state != AshConnectionState.Connected) throw new InvalidOperationException("the ASH link is not connected (reset the NCP first)");
                if (_held == SlotCount)
                {
                    QueueOverflows++;
                    return false;
                }
                int slot = (_first + _held) % SlotCount;
                Array.Copy(ezsp, offset, _slots[slot], 0, count);
                _slotLengths[slot] = count;
                _held++;
                Pump();
                return true;
            }
        }

        /// <summary>Feeds bytes received from the NCP.</summary>
        public void Receive(byte[] buffer, int offset, int count)
        {
            lock (_gate)
            {
                for (int i = 0; i < count; i++)
                {
                    if (_reader.Push(buffer[offset + i])) Handle(_reader.Frame);
                }
            }
        }

        /// <summary>Runs the ACK and RSTACK timers; call it often (e.g. every 50–100 ms and after each read).</summary>
        public void Tick()
        {
            lock (_gate)
            {
                if (_deadline == 0 || _clock.UtcNow.Ticks < _deadline) return;
                if (_state == AshConnectionState.Resetting)
                {
                    if (_resets >= _options.MaxResets)
                    {
                        GoDown();
                        _listener.OnFailed(AshFailure.ResetTimeout, 0);
                        return;
                    }
                    SendReset();
                    return;
                }
                if (_state != AshConnectionState.Connected) { _deadline = 0; return; }
                _timeouts++;
                if (_timeouts >= _options.MaxAckTimeouts)
                {
                    GoDown();
                    _listener.OnFailed(AshFailure.AckTimeout, _timeouts);
                    return;
                }
                _ackTimeoutMs = _ackTimeoutMs * 2 > _options.MaxAckTimeoutMs ? _options.MaxAckTimeoutMs : _ackTimeoutMs * 2;
                Resend(_oldestUnacked);
            }
        }

        private void Handle(AshFrame frame)
        {
            if (!frame.Valid)
            {
                BadFrames++;
                if (_state == AshConnectionState.Connected) Reject();
                return;
            }
            switch (frame.Type)
            {
                case AshFrameType.RstAck:
                    StartFresh();
                    _state = AshConnectionState.Connected;
                    _listener.OnConnected(frame.Data[1]);
                    return;
                case AshFrameType.Error:
                    GoDown();
                    _listener.OnFailed(AshFailure.NcpError, frame.Data[1]);
                    return;
            }
            if (_state != AshConnectionState.Connected) return;
            switch (frame.Type)
            {
                case AshFrameType.Ack:
                    Acknowledge(frame.AckNumber);
                    break;
                case AshFrameType.Nak:
                    if (Acknowledge(frame.AckNumber) && Outstanding > 0) Resend(frame.AckNumber);
                    break;
                case AshFrameType.Data:
                    Acknowledge(frame.AckNumber);
                    if (frame.FrameNumber == _expected)
                    {
                        _expected = (_expected + 1) & 7;
                        _rejecting = false;
                        WriteFrame(AshControl.Ack(_expected, false), NoData, 0);
                        _listener.OnData(frame.Data, 0, frame.DataLength);
                    }
                    else if (frame.Retransmit && frame.FrameNumber == ((_expected - 1) & 7))
                    {
                        // Our ACK was lost and the NCP sent the frame again: confirm it, deliver it once only.
                        WriteFrame(AshControl.Ack(_expected, false), NoData, 0);
                    }
                    else
                    {
                        Reject();
                    }
                    break;
            }
        }

        // Frames up to, not including, ackNumber are acknowledged. False when ackNumber names a frame never sent.
        private bool Acknowledge(int ackNumber)
        {
            int advance = (ackNumber - _oldestUnacked) & 7;
            if (advance > Outstanding) return false;
            if (advance == 0) return true;
            _first = (_first + advance) % SlotCount;
            _held -= advance;
            _oldestUnacked = ackNumber & 7;
            _timeouts = 0;
            _ackTimeoutMs = _options.AckTimeoutMs;
            _deadline = Outstanding > 0 ? DeadlineAfter(_ackTimeoutMs) : 0;
            Pump();
            return true;
        }

        private void Pump()
        {
            while (_held > Outstanding && Outstanding < _options.Window)
            {
                int slot = (_first + Outstanding) % SlotCount;
                WriteFrame(AshControl.Data(_nextFrame, _expected, false), _slots[slot], _slotLengths[slot]);
                _nextFrame = (_nextFrame + 1) & 7;
                if (_deadline == 0) _deadline = DeadlineAfter(_ackTimeoutMs);
            }
        }

        private void Resend(int from)
        {
            int outstanding = Outstanding;
            for (int i = (from - _oldestUnacked) & 7; i < outstanding; i++)
            {
                int slot = (_first + i) % SlotCount;
                WriteFrame(AshControl.Data((_oldestUnacked + i) & 7, _expected, true), _slots[slot], _slotLengths[slot]);
                Retransmissions++;
            }
            _deadline = DeadlineAfter(_ackTimeoutMs);
        }

        private void Reject()
        {
            if (_rejecting) return;
            _rejecting = true;
            NaksSent++;
            WriteFrame(AshControl.Nak(_expected, false), NoData, 0);
        }

        private void SendReset()
        {
            StartFresh();
            _state = AshConnectionState.Resetting;
            _resets++;
            // Cancel first so the NCP drops any partial frame the RST would otherwise be glued to (UG101 §3, RST).
            _out[0] = AshReservedByte.Cancel;
            int length = AshFrameWriter.Write(AshControl.Rst, NoData, 0, 0, _out, 1);
            _transport.Write(_out, 0, length + 1);
            _deadline = DeadlineAfter(_options.ResetTimeoutMs);
        }

        private void StartFresh()
        {
            _first = 0;
            _held = 0;
            _nextFrame = 0;
            _oldestUnacked = 0;
            _expected = 0;
            _rejecting = false;
            _deadline = 0;
            _timeouts = 0;
            _ackTimeoutMs = _options.AckTimeoutMs;
        }

        private void GoDown()
        {
            StartFresh();
            _state = AshConnectionState.Down;
        }

        private void WriteFrame(byte control, byte[] data, int count)
        {
            int length = AshFrameWriter.Write(control, data, 0, count, _out, 0);
            _transport.Write(_out, 0, length);
        }

        private long DeadlineAfter(int milliseconds)
        {
            return _clock.UtcNow.Ticks + (long)milliseconds * TimeSpan.TicksPerMillisecond;
        }
    }
}
