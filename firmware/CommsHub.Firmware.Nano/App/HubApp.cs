using System;
using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Logs;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Time;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Nano.App
{
    /// <summary>
    /// The hub on a board: the portable <see cref="HubEngine"/> over the board's flash, a <see cref="HanBridge"/> to the
    /// NCP (<see cref="HanRadio"/>: EZSP/ASH over the board's UART, polled from this loop), the persisted <see cref="Outbox"/> and a <see cref="WanLink"/> over M2Mqtt, wired as the virtual hub
    /// (firmware/CommsHub.Firmware.Host/Runtime/VirtualHub.cs) wires them, minus the simulation. Everything the engine
    /// touches runs on the one loop thread that calls <see cref="RunOnce"/>; WAN frames wait in the link's inbox
    /// (unacknowledged to the broker) until the loop offers them to the engine, which holds them back while its outbox
    /// has no room for their answers: nothing is dropped. The board layer only binds hardware and calls <see cref="RunOnce"/> in a loop.
    /// </summary>
    public sealed class HubApp
    {
        /// <summary>Loop period in milliseconds (the virtual hub's default tick).</summary>
        public const int TickMs = 100;

        /// <summary>
        /// WAN commands held between M2Mqtt's thread and the loop (the link's inbox and the MQTT Receive Maximum the hub
        /// asks for): small, since each holds a frame of up to <see cref="HanBridgeOptions.MaxFrameLength"/> on a ~200 KB
        /// heap; the engine's hold-back keeps the rest on the broker.
        /// </summary>
        public const int DownInboxCapacity = 4;

        private readonly HubAppConfig _config;
        private readonly IClock _clock;
        private readonly StatusIndicator _leds;
        private readonly HoldButton _reset = new HoldButton();
        private readonly TamperLatch _tamper = new TamperLatch();

        /// <summary>Opens the hub's state from flash, installs the provisioned trust anchors and wires the engine.</summary>
        /// <exception cref="ArgumentException">a missing binding in <paramref name="config"/>.</exception>
        public HubApp(HubAppConfig config)
        {
            if (config == null) throw new ArgumentNullException("config");
            if (config.Provisioning == null || config.Flash == null || config.Crypto == null || config.KeyAgreementKey == null
                || config.DigitalSignatureKey == null || config.Aes == null || config.Transport == null || (config.Han == null && config.NcpPort == null)
                || config.Io == null || config.FirmwareVersion == null)
                throw new ArgumentException("every HubAppConfig binding is required");
            _config = config;
            _clock = config.Clock != null ? config.Clock : (IClock)NanoClock.Instance;
            IHanNetwork han = config.Han;
            if (han == null)
            {
                Radio = new HanRadio(config.NcpPort, _clock, config.NcpSettings, config.Io);
                han = Radio;
            }
            Provisioning p = config.Provisioning;
            NanoFlash flash = config.Flash;
            TrustAnchors anchors = TrustAnchors.Open(flash.TrustAnchors);
            for (int i = 0; i < p.Anchors.Length; i++) InstallAnchor(anchors, p.Anchors[i]);
            DeviceLogOptions logOptions = new DeviceLogOptions();
            logOptions.DefaultExtendedPanId = p.Eui;
            ChfDeviceLog log = ChfDeviceLog.Open(flash.DeviceLog, config.Aes, _clock, logOptions);
            Outbox = Outbox.Mount(flash.Outbox, 0, NanoFlash.OutboxSectors, NanoFlash.OutboxCapacity);
            HanBridgeOptions bridgeOptions = new HanBridgeOptions();
            Bridge = new HanBridge(han, log, _clock, bridgeOptions);

            HubEngineConfig engine = new HubEngineConfig();
            engine.Eui = p.Eui;
            engine.Crypto = config.Crypto;
            engine.KeyAgreementKey = config.KeyAgreementKey;
            engine.DigitalSignatureKey = config.DigitalSignatureKey;
            engine.TrustAnchors = anchors;
            engine.DeviceLog = log;
            // Blank flash only: seed the own counter from the clock (set by SNTP before this runs), as the virtual hub
            // does, so a wiped board never reuses counters an adapter has already seen from this EUI.
            engine.Counters = OriginatorCounterStore.Open(flash.Counters, HubCounterSeed(_clock.UtcNow));
            engine.EventLog = new EventLog(flash.EventLog, EventLog.DefaultCapacity);
            engine.SecurityLog = new SecurityLog(flash.SecurityLog, SecurityLog.DefaultCapacity);
            engine.Uplink = Outbox;
            engine.Han = Bridge;
            engine.Clock = _clock;
            engine.FirmwareVersion = config.FirmwareVersion;
            Engine = new HubEngine(engine);

            WanLinkOptions link = new WanLinkOptions();
            link.HubEui = p.Eui;
            link.FirmwareVersion = Hex.Encode(config.FirmwareVersion);
            link.UserName = p.MqttUser;
            link.Password = p.MqttPassword;
            link.ReceiveMaximum = DownInboxCapacity;
            link.InboxCapacity = DownInboxCapacity;
            // The inbox's slots are the WAN side of the receive path's fixed pool: made now, never on a message.
            link.MaxDownFrameLength = bridgeOptions.MaxFrameLength;
            link.PreallocateInbox = true;
            Link = new WanLink(config.Transport, Outbox, Bridge, link, OnDown);
            _leds = new StatusIndicator(config.Io);
            Watchdog = new WatchdogFeeder(config.Io);
            Bridge.ArmJoining();
            if (Radio != null)
            {
                // Keys armed before the network is up reach the NCP, but its join window opens only once it is up.
                Radio.NetworkUp += Bridge.ArmJoining;
                Radio.Start();
            }
        }

        /// <summary>The board's radio over the NCP (null when <see cref="HubAppConfig.Han"/> was given).</summary>
        public HanRadio Radio { get; private set; }

        /// <summary>The engine (loop thread only).</summary>
        public HubEngine Engine { get; private set; }

        /// <summary>The HAN bridge (loop thread only).</summary>
        public HanBridge Bridge { get; private set; }

        /// <summary>The WAN outbox.</summary>
        public Outbox Outbox { get; private set; }

        /// <summary>The WAN link.</summary>
        public WanLink Link { get; private set; }

        /// <summary>The watchdog feeder: the board's timer calls its <see cref="WatchdogFeeder.Tick"/>.</summary>
        public WatchdogFeeder Watchdog { get; private set; }

        /// <summary>True once the enclosure has been opened (latched until re-provisioning).</summary>
        public bool Tampered { get { return _tamper.Tripped; } }

        /// <summary>Times the engine held WAN commands back because its outbox had no room for their answers.</summary>
        public int HoldBacks { get { return Link.HoldBacks; } }

        /// <summary>
        /// One pass of the hub loop at monotonic time <paramref name="nowMs"/>: runs queued WAN frames through the
        /// engine, ticks the link, bridge and engine, samples tamper and reset, drives the LEDs and proves liveness
        /// to the watchdog.
        /// </summary>
        public LoopOutcome RunOnce(long nowMs)
        {
            DateTime now = _clock.UtcNow;
            if (Radio != null) Radio.Poll(nowMs);
            Link.Tick(now);
            Bridge.Poll(now);
            Engine.Tick();
            _tamper.Sample(_config.Io.TamperOpen, nowMs);
            bool reset = _reset.Sample(_config.Io.ResetButtonDown, nowMs);
            _leds.Show(nowMs, Link.State, _tamper.Tripped, _reset.Pending, Radio != null && Radio.State == HanRadioState.NoRadio);
            Watchdog.LoopAlive(nowMs);
            if (!reset) return LoopOutcome.Continue;
            Engine.Flush();
            return LoopOutcome.FactoryReset;
        }

        /// <summary>The own-counter seed for blank counter flash: Unix milliseconds shifted left 8, as the virtual hub uses.</summary>
        public static ulong HubCounterSeed(DateTime utcNow)
        {
            long ms = (utcNow.Ticks - new DateTime(1970, 1, 1).Ticks) / TimeSpan.TicksPerMillisecond;
            return ms <= 0 ? 0 : (ulong)ms << 8;
        }

        // Called by the link on the loop thread (from Tick): false leaves the command unacknowledged in the inbox.
        private bool OnDown(byte[] frame, int offset, int count)
        {
            return Engine.HandleWanMessage(frame, offset, count) != WanMessageOutcome.HeldBack;
        }

        private static void InstallAnchor(TrustAnchors anchors, TrustAnchorCell cell)
        {
            TrustAnchorCell current = anchors.Get(cell.Role);
            if (current != null && current.Eui == cell.Eui && Same(current.DsPublicKey, cell.DsPublicKey) && Same(current.KaPublicKey, cell.KaPublicKey))
                return; // unchanged: no flash write at every boot
            anchors.Set(cell);
        }

        private static bool Same(byte[] a, byte[] b)
        {
            if (a == null || b == null) return a == b;
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }
    }
}
