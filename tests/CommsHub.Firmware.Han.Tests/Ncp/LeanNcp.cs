using CommsHub.Firmware.Core.Han.Ncp.Ash;
using CommsHub.Firmware.Core.Han.Ncp.Ezsp;

namespace CommsHub.Firmware.Han.Tests.Ncp;

/// <summary>
/// An EmberZNet NCP in memory that allocates nothing once built, so a test can measure the host's allocations with
/// the NCP's work on the same thread: the host's ASH bytes go in through <see cref="Write"/> (it is the host's
/// <see cref="IAshTransport"/>), the NCP's bytes collect in a fixed buffer that <see cref="Drain"/> empties. It ACKs
/// every in-sequence DATA frame, answers the EZSP commands a hub sends during bring-up, joins and traffic, and injects
/// callbacks (joins, tunnelled messages). No fault injection: SimulatedNcp does that.
/// </summary>
internal sealed class LeanNcp : IAshTransport
{
    private static readonly byte[] RstAckData = { 0x02, 0x0B };
    private static readonly byte[] NoData = Array.Empty<byte>();

    private readonly AshFrameReader _reader = new();
    private readonly EzspReader _in = new();
    private readonly EzspFrameHeader _header = new();
    private readonly byte[] _ezsp = new byte[AshFrame.MaxDataLength];
    private readonly EzspWriter _params = new(new byte[AshFrame.MaxDataLength]);
    private readonly EzspWriter _frame = new(new byte[AshFrame.MaxDataLength]);
    private readonly byte[] _out = new byte[16 * 1024];
    private int _outLength;
    private int _txFrame;
    private int _expected;
    private bool _legacy = true;
    private bool _networkSaved;
    private int _lastSequence;

    public LeanNcp(int protocolVersion = 13) => ProtocolVersion = protocolVersion;

    public int ProtocolVersion { get; }

    /// <summary>sendUnicast commands taken, and the last one's destination node and ZCL message.</summary>
    public int Unicasts { get; private set; }
    public int LastUnicastNode { get; private set; }
    public byte[] LastUnicast { get; } = new byte[AshFrame.MaxDataLength];
    public int LastUnicastLength { get; private set; }

    /// <summary>Link keys armed (importTransientKey / addTransientLinkKey) and permitJoining calls.</summary>
    public int KeysArmed { get; private set; }
    public int PermitJoins { get; private set; }

    /// <summary>Bytes waiting for the host.</summary>
    public int Pending => _outLength;

    /// <summary>False when nothing answers: the NCP is unplugged (bytes from the host are ignored).</summary>
    public bool Present { get; set; } = true;

    /// <summary>Bytes from the host (the host's UART write).</summary>
    public void Write(byte[] buffer, int offset, int count)
    {
        if (!Present) return;
        for (int i = 0; i < count; i++)
        {
            if (_reader.Push(buffer[offset + i])) OnFrame(_reader.Frame);
        }
    }

    /// <summary>Moves up to <paramref name="count"/> bytes waiting for the host into <paramref name="into"/> and returns how many.</summary>
    public int Drain(byte[] into, int offset, int count)
    {
        int n = Math.Min(_outLength, count);
        Array.Copy(_out, 0, into, offset, n);
        Array.Copy(_out, n, _out, 0, _outLength - n);
        _outLength -= n;
        return n;
    }

    /// <summary>childJoinHandler then trustCenterJoinHandler for a device joining with its armed key.</summary>
    public void JoinDevice(ulong eui, int nodeId)
    {
        _params.Clear();
        _params.U8(0); _params.U8(1); _params.U16(nodeId); _params.Eui64(eui); _params.U8(4);
        Callback(EzspFrameId.ChildJoinHandler);
        _params.Clear();
        _params.U16(nodeId); _params.Eui64(eui); _params.U8(EzspTrustCenterJoin.UnsecuredJoin); _params.U8(0); _params.U16(0);
        Callback(EzspFrameId.TrustCenterJoinHandler);
    }

    /// <summary>incomingMessageHandler carrying a server→client TransferData with <paramref name="count"/> bytes of tunnel payload.</summary>
    public void TunnelFromDevice(int nodeId, int tunnelId, byte[] payload, int offset, int count)
    {
        _params.Clear();
        _params.U8(0x00);                                            // EMBER_INCOMING_UNICAST
        _params.U16(0x0109); _params.U16(0x0704); _params.U8(1); _params.U8(1); _params.U16(0x0160); _params.U16(0); _params.U8(0);
        _params.U8(0xFF); _params.U8(0xD8);                          // LQI, RSSI
        _params.U16(nodeId);
        _params.U8(0xFF); _params.U8(0xFF);                          // binding and address index
        _params.U8(5 + count);
        _params.U8(0x19); _params.U8(0x42); _params.U8(0x01); _params.U16(tunnelId);
        _params.Bytes(payload, offset, count);
        Callback(EzspFrameId.IncomingMessageHandler);
    }

    private void OnFrame(AshFrame f)
    {
        if (!f.Valid) return;
        switch (f.Type)
        {
            case AshFrameType.Rst:
                _txFrame = 0;
                _expected = 0;
                _legacy = true;
                Emit(AshControl.RstAck, RstAckData, RstAckData.Length);
                return;
            case AshFrameType.Data:
                if (f.FrameNumber != _expected)
                {
                    Emit(AshControl.Ack(_expected, false), NoData, 0); // a repeat: confirm, do not run it twice
                    return;
                }
                _expected = (_expected + 1) & 7;
                Emit(AshControl.Ack(_expected, false), NoData, 0);
                Array.Copy(f.Data, _ezsp, f.DataLength);
                OnEzsp(f.DataLength);
                return;
        }
        // ACK and NAK from the host: the NCP never retransmits here.
    }

    private void OnEzsp(int length)
    {
        _in.Reset(_ezsp, 0, length);
        _header.Read(_in, _legacy);
        _lastSequence = _header.Sequence;
        switch (_header.FrameId)
        {
            case EzspFrameId.Version:
                _in.U8();
                bool wasLegacy = _legacy;
                _frame.Clear();
                EzspFrameHeader.WriteResponse(_frame, _header.Sequence, EzspFrameId.Version, wasLegacy, false);
                _frame.U8(ProtocolVersion); _frame.U8(2); _frame.U16(0x7420);
                if (ProtocolVersion >= 8) _legacy = false;
                SendData();
                return;
            case EzspFrameId.NetworkInit:
                Respond(_networkSaved ? EmberStatus.Success : EmberStatus.NotJoined);
                if (_networkSaved) StackStatus(EmberStatus.NetworkUp);
                return;
            case EzspFrameId.SetInitialSecurityState:
                Respond(EmberStatus.Success);
                return;
            case EzspFrameId.FormNetwork:
                _networkSaved = true;
                Respond(EmberStatus.Success);
                StackStatus(EmberStatus.NetworkUp);
                return;
            case EzspFrameId.PermitJoining:
                PermitJoins++;
                Respond(EmberStatus.Success);
                return;
            case EzspFrameId.ImportTransientKey:
                KeysArmed++;
                StartResponse();
                _frame.U32(0);
                SendData();
                return;
            case EzspFrameId.AddTransientLinkKey:
            case EzspFrameId.RemoveDevice:
                if (_header.FrameId == EzspFrameId.AddTransientLinkKey) KeysArmed++;
                Respond(EmberStatus.Success);
                return;
            case EzspFrameId.SendUnicast:
                _in.U8();
                LastUnicastNode = _in.U16();
                _in.Skip(11, "aps");
                _in.U8();
                LastUnicastLength = _in.U8();
                Array.Copy(_ezsp, _in.Position, LastUnicast, 0, LastUnicastLength);
                Unicasts++;
                StartResponse();
                _frame.U8(EmberStatus.Success);
                _frame.U8(Unicasts & 0xFF);
                SendData();
                return;
            default:
                _frame.Clear();
                EzspFrameHeader.WriteResponse(_frame, _header.Sequence, EzspFrameId.InvalidCommand, false, false);
                _frame.U8(0x58);
                SendData();
                return;
        }
    }

    private void StartResponse()
    {
        _frame.Clear();
        EzspFrameHeader.WriteResponse(_frame, _header.Sequence, _header.FrameId, false, false);
    }

    private void Respond(int status)
    {
        StartResponse();
        _frame.U8(status);
        SendData();
    }

    private void StackStatus(int status)
    {
        _params.Clear();
        _params.U8(status);
        Callback(EzspFrameId.StackStatusHandler);
    }

    private void Callback(int frameId)
    {
        _frame.Clear();
        EzspFrameHeader.WriteResponse(_frame, _lastSequence, frameId, false, true);
        _frame.Bytes(_params.Buffer, 0, _params.Length);
        SendData();
    }

    private void SendData()
    {
        Emit(AshControl.Data(_txFrame, _expected, false), _frame.Buffer, _frame.Length);
        _txFrame = (_txFrame + 1) & 7;
    }

    private void Emit(byte control, byte[] data, int count)
    {
        _outLength += AshFrameWriter.Write(control, data, 0, count, _out, _outLength);
    }
}
