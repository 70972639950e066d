using System;
using System.Collections;
using CommsHub.Firmware.Core.Han.Ncp.Ash;
using CommsHub.Firmware.Core.Han.Ncp.Ezsp;
using CommsHub.Firmware.Core.Time;

namespace CommsHub.Firmware.Core.Han.Ncp
{
    /// <summary>
    /// <see cref="IHanNetwork"/> over an EZSP NCP (EmberZNet over ASH). Byte-in/byte-out like the layers under it: the
    /// board or host pumps <see cref="Receive"/> with UART bytes and calls <see cref="Tick"/> periodically.
    /// <para>
    /// Bring-up after each NCP reset: version negotiation, networkInit; when the NCP has no network saved (NOT_JOINED)
    /// setInitialSecurityState then formNetwork; up when stackStatusHandler reports NETWORK_UP. A join is armed with
    /// the device's install-code-derived key as a transient link key (addTransientLinkKey for EZSP 8–12,
    /// importTransientKey for 13) and then permitJoining. trustCenterJoinHandler reports the join; GBCS payloads go
    /// out with sendUnicast on the SE Tunnelling cluster and come in through incomingMessageHandler.
    /// </para>
    /// </summary>
    public sealed class NcpHanNetwork : IHanNetwork, IEzspListener
    {
        /// <summary>pollHandler callback (a sleepy child polled).</summary>
        public const int PollHandlerFrameId = 0x0044;

        private readonly EzspSession _session;
        private readonly NcpNetworkSettings _settings;
        private readonly ArrayList _devices = new ArrayList();
        private readonly byte[] _params = new byte[EzspSession.MaxFrameLength];
        private readonly byte[] _zcl = new byte[EzspSession.MaxFrameLength];
        private readonly EzspWriter _writer;
        private readonly EzspIncomingMessage _incoming = new EzspIncomingMessage();
        private readonly EzspChildJoin _childJoin = new EzspChildJoin();
        private readonly EzspTrustCenterJoin _tcJoin = new EzspTrustCenterJoin();
        private readonly SeTunnelMessage _tunnel = new SeTunnelMessage();
        private readonly EzspApsFrame _aps = new EzspApsFrame();
        private int _zclSequence;
        private int _messageTag;

        /// <summary>Creates the HAN over <paramref name="transport"/> (the UART to the NCP); call <see cref="Start"/>.</summary>
        public NcpHanNetwork(IAshTransport transport, IClock clock, NcpNetworkSettings settings)
        {
            _settings = settings ?? new NcpNetworkSettings();
            _session = new EzspSession(transport, clock, _settings.Ash, this, _settings.CommandTimeoutMs);
            _writer = new EzspWriter(_params);
            _aps.ProfileId = EzspApsFrame.SmartEnergyProfile;
            _aps.ClusterId = EzspApsFrame.TunnellingCluster;
            _aps.SourceEndpoint = _settings.LocalEndpoint;
            _aps.DestinationEndpoint = _settings.DeviceEndpoint;
            _aps.Options = EzspApsFrame.SecuredRetriedOptions;
        }

        /// <inheritdoc />
        public event HanPayloadHandler PayloadReceived;

        /// <inheritdoc />
        public event HanJoinHandler DeviceJoined;

        /// <inheritdoc />
        public event HanDeviceHandler DeviceLeft;

        /// <inheritdoc />
        public event HanDeviceHandler DevicePolled;

        /// <summary>Status changes (up, down with a reason).</summary>
        public event NcpHanStatusHandler StatusChanged;

        /// <summary>Where the HAN is.</summary>
        public NcpHanStatus Status { get; private set; }

        /// <summary>Why it last went down (null if it never did).</summary>
        public string LastFailure { get; private set; }

        /// <summary>The EZSP session (version, ASH counters).</summary>
        public EzspSession Session { get { return _session; } }

        /// <summary>Messages dropped because their sender was not a known device.</summary>
        public int UnknownSenderDrops { get; private set; }

        /// <summary>
        /// Tunnel-cluster frames dropped because they ended before their fields: a device's bad frame, not the NCP's,
        /// so it must not take the EZSP session (and every other device's traffic) down.
        /// </summary>
        public int MalformedTunnelDrops { get; private set; }

        /// <summary>Resets the NCP and brings the network up (again).</summary>
        public void Start()
        {
            SetStatus(NcpHanStatus.Starting, null);
            _session.Start();
        }

        /// <summary>Feeds UART bytes from the NCP.</summary>
        public void Receive(byte[] buffer, int offset, int count) { _session.Receive(buffer, offset, count); }

        /// <summary>Runs the timers.</summary>
        public void Tick() { _session.Tick(); }

        /// <inheritdoc />
        public bool Send(ulong destination, byte[] payload, int offset, int count)
        {
            if (payload == null || offset < 0 || count < 0 || offset > payload.Length - count) throw new ArgumentException("payload range");
            if (Status != NcpHanStatus.Up) return false;
            NcpDevice device = Find(destination);
            if (device == null || device.NodeId < 0) return false;
            // One ASH frame carries it all: EZSP header (5) + sendUnicast fixed part (16) + ZCL header and tunnel ID (5).
            if (count > EzspSession.MaxFrameLength - EzspFrameHeader.ExtendedLength - 16 - SeTunnelMessage.TransferDataHeaderLength) return false;
            int zclLength = SeTunnelMessage.WriteTransferData(_zcl, _zclSequence, device.TunnelId, payload, offset, count);
            _zclSequence = (_zclSequence + 1) & 0xFF;
            _writer.Clear();
            EzspCommands.SendUnicast(_writer, device.NodeId, _aps, _messageTag, _zcl, 0, zclLength);
            _messageTag = (_messageTag + 1) & 0xFF;
            return TrySend(EzspFrameId.SendUnicast);
        }

        /// <inheritdoc />
        public void PermitJoin(ulong device, byte[] linkKey, int seconds)
        {
            if (linkKey == null || linkKey.Length != 16) throw new ArgumentException("a ZigBee link key is 16 bytes");
            NcpDevice entry = FindOrAdd(device);
            if (entry == null) return;
            entry.LinkKey = (byte[])linkKey.Clone();
            if (Status != NcpHanStatus.Up) return;
            _writer.Clear();
            if (_session.UsesImportTransientKey)
            {
                EzspCommands.ImportTransientKey(_writer, device, linkKey);
                if (!TrySend(EzspFrameId.ImportTransientKey)) return;
            }
            else
            {
                EzspCommands.AddTransientLinkKey(_writer, device, linkKey);
                if (!TrySend(EzspFrameId.AddTransientLinkKey)) return;
            }
            _writer.Clear();
            EzspCommands.PermitJoining(_writer, seconds);
            TrySend(EzspFrameId.PermitJoining);
        }

        /// <inheritdoc />
        public void RemoveDevice(ulong device)
        {
            NcpDevice entry = Find(device);
            if (entry == null) return;
            _devices.Remove(entry);
            if (Status != NcpHanStatus.Up || entry.NodeId < 0) return;
            _writer.Clear();
            EzspCommands.RemoveDevice(_writer, entry.NodeId, device);
            TrySend(EzspFrameId.RemoveDevice);
        }

        void IEzspListener.OnReady(int protocolVersion)
        {
            _writer.Clear();
            EzspCommands.NetworkInit(_writer, 0);
            TrySend(EzspFrameId.NetworkInit);
        }

        void IEzspListener.OnResponse(int frameId, EzspReader parameters)
        {
            switch (frameId)
            {
                case EzspFrameId.NetworkInit:
                    int init = parameters.U8();
                    if (init == EmberStatus.Success) return; // NETWORK_UP follows
                    if (init != EmberStatus.NotJoined) { Fail("networkInit failed with EmberStatus 0x" + init.ToString("X2")); return; }
                    _writer.Clear();
                    EzspCommands.SetInitialSecurityState(_writer, _settings.Security);
                    TrySend(EzspFrameId.SetInitialSecurityState);
                    return;
                case EzspFrameId.SetInitialSecurityState:
                    int security = parameters.U8();
                    if (security != EmberStatus.Success) { Fail("setInitialSecurityState failed with EmberStatus 0x" + security.ToString("X2")); return; }
                    _writer.Clear();
                    EzspCommands.FormNetwork(_writer, _settings.Network);
                    TrySend(EzspFrameId.FormNetwork);
                    return;
                case EzspFrameId.FormNetwork:
                    int form = parameters.U8();
                    if (form != EmberStatus.Success) Fail("formNetwork failed with EmberStatus 0x" + form.ToString("X2"));
                    return;
                case EzspFrameId.ImportTransientKey:
                    // sl_status_t (4 bytes) in EZSP 13.
                    if (parameters.U32() != 0) LastFailure = "importTransientKey refused";
                    return;
                default:
                    // addTransientLinkKey, permitJoining, removeDevice, sendUnicast: EmberStatus first; a refusal
                    // shows up as a join or a response that never comes, which the bridge already times out.
                    return;
            }
        }

        void IEzspListener.OnCallback(int frameId, EzspReader parameters)
        {
            switch (frameId)
            {
                case EzspFrameId.StackStatusHandler:
                    int status = parameters.U8();
                    if (status == EmberStatus.NetworkUp) { SetStatus(NcpHanStatus.Up, null); ArmPendingJoins(); }
                    else if (status == EmberStatus.NetworkDown && Status == NcpHanStatus.Up) SetStatus(NcpHanStatus.Starting, "network down");
                    return;
                case EzspFrameId.ChildJoinHandler:
                    _childJoin.Read(parameters);
                    if (_childJoin.Joining)
                    {
                        // Only devices the bridge armed get a node ID: an unarmed child's messages stay unknown.
                        NcpDevice child = Find(_childJoin.Eui64);
                        if (child != null) AssignNode(child, _childJoin.NodeId);
                    }
                    return;
                case EzspFrameId.TrustCenterJoinHandler:
                    OnTrustCenterJoin(parameters);
                    return;
                case EzspFrameId.IncomingMessageHandler:
                    OnIncomingMessage(parameters);
                    return;
                case PollHandlerFrameId:
                    NcpDevice polled = FindByNode(parameters.U16());
                    HanDeviceHandler onPoll = DevicePolled;
                    if (polled != null && onPoll != null) onPoll(polled.Eui64);
                    return;
            }
        }

        void IEzspListener.OnFailed(string reason)
        {
            Fail(reason);
        }

        private void OnTrustCenterJoin(EzspReader parameters)
        {
            _tcJoin.Read(parameters);
            if (_tcJoin.Status == EzspTrustCenterJoin.DeviceLeft)
            {
                NcpDevice gone = Find(_tcJoin.Eui64);
                if (gone != null) gone.NodeId = -1;
                HanDeviceHandler onLeft = DeviceLeft;
                if (onLeft != null) onLeft(_tcJoin.Eui64);
                return;
            }
            if (_tcJoin.PolicyDecision == EzspTrustCenterJoin.DenyJoin) return;
            NcpDevice device = Find(_tcJoin.Eui64);
            if (device == null) return; // never armed: the NCP's policy should have refused it
            AssignNode(device, _tcJoin.NodeId);
            HanJoinHandler onJoin = DeviceJoined;
            if (device.LinkKey != null && onJoin != null) onJoin(device.Eui64, device.LinkKey);
        }

        private void OnIncomingMessage(EzspReader parameters)
        {
            _incoming.Read(parameters);
            if (_incoming.Aps.ProfileId != EzspApsFrame.SmartEnergyProfile || _incoming.Aps.ClusterId != EzspApsFrame.TunnellingCluster) return;
            NcpDevice device = FindByNode(_incoming.Sender);
            if (device == null) { UnknownSenderDrops++; return; }
            try
            {
                if (!_tunnel.TryRead(_incoming.Buffer, _incoming.MessageOffset, _incoming.MessageLength)) return;
            }
            catch (EzspFormatException)
            {
                MalformedTunnelDrops++;
                return;
            }
            device.TunnelId = _tunnel.TunnelId;
            if (_tunnel.Command != SeTunnelMessage.TransferDataToClient) return;
            HanPayloadHandler onPayload = PayloadReceived;
            if (onPayload != null) onPayload(device.Eui64, _incoming.Buffer, _tunnel.PayloadOffset, _tunnel.PayloadLength);
        }

        private void ArmPendingJoins()
        {
            // Keys armed while the NCP was down (or before a reset) are armed again; the join window is the bridge's.
            for (int i = 0; i < _devices.Count; i++)
            {
                NcpDevice d = (NcpDevice)_devices[i];
                if (d.LinkKey == null || d.NodeId >= 0) continue;
                _writer.Clear();
                if (_session.UsesImportTransientKey) { EzspCommands.ImportTransientKey(_writer, d.Eui64, d.LinkKey); TrySend(EzspFrameId.ImportTransientKey); }
                else { EzspCommands.AddTransientLinkKey(_writer, d.Eui64, d.LinkKey); TrySend(EzspFrameId.AddTransientLinkKey); }
            }
        }

        private bool TrySend(int frameId)
        {
            try
            {
                // False when the session's queue is full (counted there): the bridge sees a refused send.
                return _session.Send(frameId, _params, _writer.Length);
            }
            catch (InvalidOperationException)
            {
                return false; // the NCP went away between the status check and the send; the restart re-arms
            }
        }

        private void Fail(string reason)
        {
            LastFailure = reason;
            for (int i = 0; i < _devices.Count; i++) ((NcpDevice)_devices[i]).NodeId = -1;
            SetStatus(NcpHanStatus.Down, reason);
        }

        private void SetStatus(NcpHanStatus status, string reason)
        {
            Status = status;
            NcpHanStatusHandler handler = StatusChanged;
            if (handler != null) handler(status, reason);
        }

        private NcpDevice Find(ulong eui64)
        {
            for (int i = 0; i < _devices.Count; i++)
            {
                NcpDevice d = (NcpDevice)_devices[i];
                if (d.Eui64 == eui64) return d;
            }
            return null;
        }

        // A short address belongs to one device: one that vanished without a leave (a power cut) keeps its old address
        // here until the network hands that address to the next joiner, whose frames would otherwise be taken for the
        // vanished device's, and whose address would receive the vanished device's commands.
        private void AssignNode(NcpDevice device, int nodeId)
        {
            for (int i = 0; i < _devices.Count; i++)
            {
                NcpDevice d = (NcpDevice)_devices[i];
                if (d != device && d.NodeId == nodeId) d.NodeId = -1;
            }
            device.NodeId = nodeId;
        }

        private NcpDevice FindByNode(int nodeId)
        {
            for (int i = 0; i < _devices.Count; i++)
            {
                NcpDevice d = (NcpDevice)_devices[i];
                if (d.NodeId == nodeId) return d;
            }
            return null;
        }

        private NcpDevice FindOrAdd(ulong eui64)
        {
            NcpDevice d = Find(eui64);
            if (d != null) return d;
            if (_devices.Count >= _settings.MaxDevices) return null;
            d = new NcpDevice();
            d.Eui64 = eui64;
            _devices.Add(d);
            return d;
        }
    }
}
