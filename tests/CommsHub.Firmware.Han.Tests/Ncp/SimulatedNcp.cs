using CommsHub.Firmware.Core.Han.Ncp.Ash;
using CommsHub.Firmware.Core.Han.Ncp.Ezsp;

namespace CommsHub.Firmware.Han.Tests.Ncp;

/// <summary>
/// An EmberZNet NCP in memory: the NCP side of ASH (its own sequence logic; framing by the codec the vector tests
/// pin) and an EZSP responder for the commands the hub sends, with faults a test can inject.
/// </summary>
internal sealed class SimulatedNcp
{
    private readonly AshFrameReader _reader = new();
    private readonly Queue<byte> _toHost;
    private readonly List<byte[]> _unacked = new();   // NCP DATA frames not yet ACKed by the host, oldest first
    private int _txFrame;       // NCP's next frmNum
    private int _oldestUnacked; // NCP's oldest unacked frmNum
    private int _expected;      // host frmNum the NCP expects
    private bool _legacy = true;
    private bool _networkSaved;
    private int _lastHostSequence;

    public SimulatedNcp(Queue<byte> toHost, int protocolVersion = 13)
    {
        _toHost = toHost;
        ProtocolVersion = protocolVersion;
    }

    public int ProtocolVersion { get; }

    // What the host did.
    public List<int> FrameIds { get; } = new();
    public List<bool> VersionLegacy { get; } = new();
    public List<(ulong Eui, byte[] Key, int FrameId)> ArmedKeys { get; } = new();
    public List<int> PermitJoinSeconds { get; } = new();
    public List<(int NodeId, byte[] Aps, byte[] Message)> Unicasts { get; } = new();
    public List<(int NodeId, ulong Eui)> Removed { get; } = new();
    public int RetransmittedFramesSeen { get; private set; }
    public int DuplicatesSeen { get; private set; }

    // Faults.
    public int DropHostDataFrames { get; set; }
    public int NakHostDataFrames { get; set; }
    public int CorruptOwnDataFrames { get; set; }

    public void Receive(byte b)
    {
        if (!_reader.Push(b)) return;
        AshFrame f = _reader.Frame;
        if (!f.Valid) { SendControl(AshControl.Nak(_expected, false)); return; }
        switch (f.Type)
        {
            case AshFrameType.Rst:
                ResetLink();
                Write(AshFrameWriter.Build(AshControl.RstAck, new byte[] { 0x02, 0x0B }));
                return;
            case AshFrameType.Ack:
                Acknowledge(f.AckNumber);
                return;
            case AshFrameType.Nak:
                Acknowledge(f.AckNumber);
                ResendFrom(f.AckNumber);
                return;
            case AshFrameType.Data:
                if (f.Retransmit) RetransmittedFramesSeen++;
                if (DropHostDataFrames > 0) { DropHostDataFrames--; return; }
                if (NakHostDataFrames > 0) { NakHostDataFrames--; SendControl(AshControl.Nak(_expected, false)); return; }
                Acknowledge(f.AckNumber);
                if (f.FrameNumber != _expected)
                {
                    if (f.Retransmit && f.FrameNumber == ((_expected - 1) & 7)) { DuplicatesSeen++; SendControl(AshControl.Ack(_expected, false)); }
                    else SendControl(AshControl.Nak(_expected, false));
                    return;
                }
                _expected = (_expected + 1) & 7;
                SendControl(AshControl.Ack(_expected, false));
                OnEzsp(f.CopyData());
                return;
        }
    }

    /// <summary>The NCP resets by itself (watchdog, power glitch): RSTACK with reset code "power on".</summary>
    public void ResetSpontaneously()
    {
        ResetLink();
        _legacy = true;
        Write(AshFrameWriter.Build(AshControl.RstAck, new byte[] { 0x02, 0x02 }));
    }

    public void JoinDevice(ulong eui, int nodeId)
    {
        var w = new EzspWriter(new byte[64]);
        w.U8(0); w.U8(1); w.U16(nodeId); w.Eui64(eui); w.U8(4);
        Callback(EzspFrameId.ChildJoinHandler, w);
        w = new EzspWriter(new byte[64]);
        w.U16(nodeId); w.Eui64(eui); w.U8(EzspTrustCenterJoin.UnsecuredJoin); w.U8(0); w.U16(0x0000);
        Callback(EzspFrameId.TrustCenterJoinHandler, w);
    }

    public void DeviceLeaves(ulong eui, int nodeId)
    {
        var w = new EzspWriter(new byte[64]);
        w.U16(nodeId); w.Eui64(eui); w.U8(EzspTrustCenterJoin.DeviceLeft); w.U8(3); w.U16(0x0000);
        Callback(EzspFrameId.TrustCenterJoinHandler, w);
    }

    /// <summary>incomingMessageHandler carrying a server→client TransferData (tunnel <paramref name="tunnelId"/>).</summary>
    public void TunnelFromDevice(int nodeId, int tunnelId, byte[] payload, int cluster = 0x0704)
    {
        var zcl = new byte[5 + payload.Length];
        zcl[0] = 0x19; zcl[1] = 0x42; zcl[2] = 0x01;     // ZCL: cluster-specific, server→client, TransferData
        zcl[3] = (byte)tunnelId; zcl[4] = (byte)(tunnelId >> 8);
        payload.CopyTo(zcl, 5);
        ZclFromDevice(nodeId, zcl, cluster);
    }

    /// <summary>incomingMessageHandler carrying <paramref name="zcl"/> as the device sent it (header included).</summary>
    public void ZclFromDevice(int nodeId, byte[] zcl, int cluster = 0x0704)
    {
        var w = new EzspWriter(new byte[128]);
        w.U8(0x00);                                     // EMBER_INCOMING_UNICAST
        new EzspApsFrame { ProfileId = 0x0109, ClusterId = cluster, SourceEndpoint = 1, DestinationEndpoint = 1, Options = 0x0160 }.Write(w);
        w.U8(0xFF); w.U8(0xD8);                          // LQI 255, RSSI -40
        w.U16(nodeId);
        w.U8(0xFF); w.U8(0xFF);                          // binding index, address index
        w.U8(zcl.Length);
        w.Bytes(zcl, 0, zcl.Length);
        Callback(EzspFrameId.IncomingMessageHandler, w);
    }

    private void OnEzsp(byte[] frame)
    {
        var r = new EzspReader();
        r.Reset(frame, 0, frame.Length);
        var header = new EzspFrameHeader();
        header.Read(r, _legacy);
        _lastHostSequence = header.Sequence;
        FrameIds.Add(header.FrameId);
        var w = new EzspWriter(new byte[128]);
        switch (header.FrameId)
        {
            case EzspFrameId.Version:
                VersionLegacy.Add(_legacy);
                r.U8();
                bool wasLegacy = _legacy;
                EzspFrameHeader.WriteResponse(w, header.Sequence, EzspFrameId.Version, wasLegacy, false);
                w.U8(ProtocolVersion); w.U8(2); w.U16(0x7420);
                if (ProtocolVersion >= 8) _legacy = false;
                SendData(w);
                return;
            case EzspFrameId.NetworkInit:
                Respond(header, w, _networkSaved ? EmberStatus.Success : EmberStatus.NotJoined);
                if (_networkSaved) StackStatus(EmberStatus.NetworkUp);
                return;
            case EzspFrameId.SetInitialSecurityState:
                r.Skip(43, "security state");
                Respond(header, w, EmberStatus.Success);
                return;
            case EzspFrameId.FormNetwork:
                r.Skip(20, "network parameters");
                _networkSaved = true;
                Respond(header, w, EmberStatus.Success);
                StackStatus(EmberStatus.NetworkUp);
                return;
            case EzspFrameId.PermitJoining:
                PermitJoinSeconds.Add(r.U8());
                Respond(header, w, EmberStatus.Success);
                return;
            case EzspFrameId.AddTransientLinkKey:
            case EzspFrameId.ImportTransientKey:
            {
                ulong eui = r.Eui64();
                byte[] key = frame.AsSpan(r.Position, 16).ToArray();
                ArmedKeys.Add((eui, key, header.FrameId));
                EzspFrameHeader.WriteResponse(w, header.Sequence, header.FrameId, false, false);
                if (header.FrameId == EzspFrameId.ImportTransientKey) w.U32(0); else w.U8(0);
                SendData(w);
                return;
            }
            case EzspFrameId.SendUnicast:
            {
                r.U8();
                int node = r.U16();
                byte[] aps = frame.AsSpan(r.Position, 11).ToArray();
                r.Skip(11, "aps");
                r.U8();
                int length = r.U8();
                Unicasts.Add((node, aps, frame.AsSpan(r.Position, length).ToArray()));
                EzspFrameHeader.WriteResponse(w, header.Sequence, header.FrameId, false, false);
                w.U8(0); w.U8(Unicasts.Count);
                SendData(w);
                return;
            }
            case EzspFrameId.RemoveDevice:
            {
                int node = r.U16();
                Removed.Add((node, r.Eui64()));
                Respond(header, w, EmberStatus.Success);
                return;
            }
            default:
                EzspFrameHeader.WriteResponse(w, header.Sequence, EzspFrameId.InvalidCommand, false, false);
                w.U8(0x58);
                SendData(w);
                return;
        }
    }

    private void Respond(EzspFrameHeader header, EzspWriter w, int status)
    {
        EzspFrameHeader.WriteResponse(w, header.Sequence, header.FrameId, false, false);
        w.U8(status);
        SendData(w);
    }

    private void StackStatus(int status)
    {
        var w = new EzspWriter(new byte[8]);
        w.U8(status);
        Callback(EzspFrameId.StackStatusHandler, w);
    }

    private void Callback(int frameId, EzspWriter parameters)
    {
        var w = new EzspWriter(new byte[128]);
        EzspFrameHeader.WriteResponse(w, _lastHostSequence, frameId, false, true);
        w.Bytes(parameters.Buffer, 0, parameters.Length);
        SendData(w);
    }

    private void SendData(EzspWriter w)
    {
        byte[] ezsp = w.Buffer.AsSpan(0, w.Length).ToArray();
        _unacked.Add(ezsp);
        int frame = _txFrame;
        _txFrame = (_txFrame + 1) & 7;
        WriteData(frame, ezsp, false);
    }

    private void WriteData(int frame, byte[] ezsp, bool retransmit)
    {
        byte[] wire = AshFrameWriter.Build(AshControl.Data(frame, _expected, retransmit), ezsp);
        if (CorruptOwnDataFrames > 0 && !retransmit)
        {
            CorruptOwnDataFrames--;
            wire[1] ^= 0x01; // one flipped bit in the data field: the CRC no longer matches
            if (wire[1] == 0x7E || wire[1] == 0x7D || wire[1] == 0x1A || wire[1] == 0x18 || wire[1] == 0x11 || wire[1] == 0x13) wire[1] ^= 0x03;
        }
        Write(wire);
    }

    private void Acknowledge(int ackNumber)
    {
        int advance = (ackNumber - _oldestUnacked) & 7;
        if (advance > _unacked.Count) return;
        _unacked.RemoveRange(0, advance);
        _oldestUnacked = ackNumber;
    }

    private void ResendFrom(int frame)
    {
        for (int i = 0; i < _unacked.Count; i++) WriteData((_oldestUnacked + i) & 7, _unacked[i], true);
    }

    private void ResetLink()
    {
        _unacked.Clear();
        _txFrame = _oldestUnacked = _expected = 0;
        _legacy = true;
    }

    private void SendControl(byte control) => Write(AshFrameWriter.Build(control, Array.Empty<byte>()));

    private void Write(byte[] wire)
    {
        foreach (byte b in wire) _toHost.Enqueue(b);
    }
}
