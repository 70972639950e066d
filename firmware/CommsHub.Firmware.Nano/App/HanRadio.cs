using System;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Han.Ncp;
using CommsHub.Firmware.Core.Han.Ncp.Ash;
using CommsHub.Firmware.Core.Time;
using CommsHub.Protocol.Crypto;

namespace CommsHub.Firmware.Nano.App
{
    /// <summary>
    /// The board's HAN: the portable EZSP/ASH driver (<see cref="NcpHanNetwork"/>) over the NCP's UART
    /// (<see cref="INcpPort"/>), pumped from the hub loop by <see cref="Poll"/>, so every radio event reaches the bridge
    /// on the loop thread. <see cref="Start"/> pulses the NCP's nRESET and sends the ASH RST. When the NCP answers
    /// (RSTACK) the radio stays on the NCP for good: a link that fails later is reset again after
    /// <see cref="RestartDelayMs"/>. When nothing answers (no RSTACK after the driver's resets: no module fitted, not
    /// powered, or wired wrong) the radio falls back, explicitly and for this boot, to <see cref="NoRadioHanNetwork"/>:
    /// logged once, the Fault LED blinks (<see cref="StatusIndicator"/>), and every send is refused as a radio fault.
    /// </summary>
    public sealed class HanRadio : IHanNetwork, IAshTransport
    {
        /// <summary>How long nRESET is held low.</summary>
        public const int ResetPulseMs = 10;

        /// <summary>Pause before the NCP is reset again after its link failed.</summary>
        public const int RestartDelayMs = 5000;

        /// <summary>UART bytes one read takes: the receive buffer, allocated once.</summary>
        public const int ReadChunk = 256;

        /// <summary>Reads per <see cref="Poll"/> at most (keeps one loop pass bounded; 115200 baud is ~1,150 bytes per 100 ms).</summary>
        public const int MaxReadsPerPoll = 8;

        private readonly INcpPort _port;
        private readonly NcpHanNetwork _driver;
        private readonly NoRadioHanNetwork _none = new NoRadioHanNetwork();
        private readonly IBoardIo _log;
        private readonly byte[] _rx = new byte[ReadChunk];
        private HanRadioState _state;
        private long _restartAt = -1;

        /// <summary>Creates the radio over <paramref name="port"/>; nothing is sent until <see cref="Start"/>.</summary>
        public HanRadio(INcpPort port, IClock clock, NcpNetworkSettings settings, IBoardIo log)
        {
            if (port == null) throw new ArgumentNullException("port");
            if (log == null) throw new ArgumentNullException("log");
            _port = port;
            _log = log;
            _driver = new NcpHanNetwork(this, clock, settings);
            _driver.PayloadReceived += OnPayload;
            _driver.DeviceJoined += OnJoined;
            _driver.DeviceLeft += OnLeft;
            _driver.DevicePolled += OnPolled;
            _driver.StatusChanged += OnStatus;
        }

        /// <inheritdoc />
        public event HanPayloadHandler PayloadReceived;

        /// <inheritdoc />
        public event HanJoinHandler DeviceJoined;

        /// <inheritdoc />
        public event HanDeviceHandler DeviceLeft;

        /// <inheritdoc />
        public event HanDeviceHandler DevicePolled;

        /// <summary>The network came up (after boot or a restart): joins armed before it must be armed again.</summary>
        public event HanRadioUpHandler NetworkUp;

        /// <summary>Where the radio is.</summary>
        public HanRadioState State { get { return _state; } }

        /// <summary>The EZSP driver (status, counters).</summary>
        public NcpHanNetwork Driver { get { return _driver; } }

        /// <summary>Times the NCP was reset again after its link failed.</summary>
        public int Restarts { get; private set; }

        /// <summary>Pulses the NCP's nRESET, drops stale input and sends the ASH reset: the radio probes for the NCP.</summary>
        public void Start()
        {
            _state = HanRadioState.Probing;
            _restartAt = -1;
            Reset();
        }

        /// <summary>
        /// One pass from the hub loop at monotonic time <paramref name="nowMs"/>: feeds the UART's bytes to the driver,
        /// runs its timers, and decides between the NCP and the fallback, or restarts a failed link.
        /// </summary>
        public void Poll(long nowMs)
        {
            if (_state == HanRadioState.NoRadio) return;
            for (int i = 0; i < MaxReadsPerPoll; i++)
            {
                int n = _port.Read(_rx, 0, _rx.Length);
                if (n <= 0) break;
                _driver.Receive(_rx, 0, n);
            }
            _driver.Tick();
            if (_state == HanRadioState.Probing)
            {
                if (_driver.Session.Ash.State == AshConnectionState.Connected)
                {
                    _state = HanRadioState.Ncp;
                    _log.Log("HAN: the NCP answered the reset");
                }
                else if (_driver.Status == NcpHanStatus.Down)
                {
                    _state = HanRadioState.NoRadio;
                    _log.Log("HAN: no NCP answered the reset (" + _driver.LastFailure + "); running without a radio");
                }
                return;
            }
            if (_driver.Status != NcpHanStatus.Down) return;
            if (_restartAt < 0)
            {
                _restartAt = nowMs + RestartDelayMs;
                return;
            }
            if (nowMs < _restartAt) return;
            _restartAt = -1;
            Restarts++;
            Reset();
        }

        /// <inheritdoc />
        public bool Send(ulong destination, byte[] payload, int offset, int count)
        {
            if (_state == HanRadioState.NoRadio) return _none.Send(destination, payload, offset, count);
            return _driver.Send(destination, payload, offset, count);
        }

        /// <inheritdoc />
        public void PermitJoin(ulong device, byte[] linkKey, int seconds)
        {
            if (_state == HanRadioState.NoRadio) _none.PermitJoin(device, linkKey, seconds);
            else _driver.PermitJoin(device, linkKey, seconds);
        }

        /// <inheritdoc />
        public void RemoveDevice(ulong device)
        {
            if (_state == HanRadioState.NoRadio) _none.RemoveDevice(device);
            else _driver.RemoveDevice(device);
        }

        void IAshTransport.Write(byte[] buffer, int offset, int count)
        {
            try
            {
                _port.Write(buffer, offset, count);
            }
            catch (Exception)
            {
                // A UART timeout (CTS held) or fault: ASH retransmits or times out and the link is reset; nothing to undo.
            }
        }

        /// <summary>
        /// The settings a hub forms its network with when the NCP has none saved: extended PAN ID = the hub's EUI, and
        /// the network key, the trust centre's own key and the PAN ID derived with SHA-256 from <paramref name="secret"/>
        /// (the hub's provisioned KA scalar, before it is cleared) under fixed labels. Derived, not random: the board has
        /// no random source the portable code can rely on, and a replaced NCP forms the same network again.
        /// </summary>
        public static NcpNetworkSettings DeriveSettings(ulong hubEui, IGbcsCrypto crypto, byte[] secret)
        {
            if (crypto == null) throw new ArgumentNullException("crypto");
            if (secret == null || secret.Length < 16) throw new ArgumentException("the secret must hold at least 16 bytes");
            NcpNetworkSettings settings = new NcpNetworkSettings();
            byte[] digest = new byte[32];
            settings.Security.NetworkKey = Derive(crypto, "commshub han network key", secret, digest);
            settings.Security.PreconfiguredKey = Derive(crypto, "commshub han trust centre key", secret, digest);
            Derive(crypto, "commshub han pan id", secret, digest);
            settings.Network.PanId = 1 + ((digest[0] << 8) | digest[1]) % 0xFFF6; // 0x0001..0xFFF6: 0xFFF7 up are reserved
            settings.Network.ExtendedPanId = hubEui;
            Array.Clear(digest, 0, digest.Length);
            return settings;
        }

        private static byte[] Derive(IGbcsCrypto crypto, string label, byte[] secret, byte[] digest)
        {
            byte[] prefix = new byte[label.Length];
            for (int i = 0; i < label.Length; i++) prefix[i] = (byte)label[i];
            crypto.Sha256(prefix, 0, prefix.Length, secret, 0, secret.Length, digest, 0);
            byte[] key = new byte[16];
            Array.Copy(digest, 0, key, 0, 16);
            return key;
        }

        private void Reset()
        {
            _port.ResetNcp(ResetPulseMs);
            _port.DiscardInput();
            _driver.Start();
        }

        private void OnStatus(NcpHanStatus status, string reason)
        {
            if (status == NcpHanStatus.Up)
            {
                _log.Log("HAN: network up (EZSP " + _driver.Session.ProtocolVersion + ")");
                HanRadioUpHandler up = NetworkUp;
                if (up != null) up();
            }
            else if (status == NcpHanStatus.Down && _state == HanRadioState.Ncp)
            {
                _log.Log("HAN: down (" + reason + "); the NCP is reset again in " + (RestartDelayMs / 1000) + " s");
            }
        }

        private void OnPayload(ulong source, byte[] payload, int offset, int count)
        {
            HanPayloadHandler h = PayloadReceived;
            if (h != null) h(source, payload, offset, count);
        }

        private void OnJoined(ulong device, byte[] tcLinkKey)
        {
            HanJoinHandler h = DeviceJoined;
            if (h != null) h(device, tcLinkKey);
        }

        private void OnLeft(ulong device)
        {
            HanDeviceHandler h = DeviceLeft;
            if (h != null) h(device);
        }

        private void OnPolled(ulong device)
        {
            HanDeviceHandler h = DevicePolled;
            if (h != null) h(device);
        }
    }

    /// <summary>The HAN network is up.</summary>
    public delegate void HanRadioUpHandler();
}
