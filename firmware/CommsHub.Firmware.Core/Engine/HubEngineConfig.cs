using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Logs;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Time;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Protocol.Crypto;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// What a <see cref="HubEngine"/> is made of. Each persisted part (device log, counters, trust anchors, logs) sits on
    /// its own flash sectors; the host opens them and hands them in, so tests can restart an engine over the same flash.
    /// With one flash, <see cref="HubStorage.Open"/> carves it into partitions and <see cref="HubStorage.ApplyTo"/>
    /// fills these fields.
    /// </summary>
    public sealed class HubEngineConfig
    {
        /// <summary>The CHF's EUI-64 (its system title).</summary>
        public ulong Eui;
        /// <summary>Crypto primitives (native on the device).</summary>
        public IGbcsCrypto Crypto;
        /// <summary>The CHF's key-agreement private key (command MACs in, response and alert MACs out).</summary>
        public IGbcsPrivateKey KeyAgreementKey;
        /// <summary>The CHF's digital-signature private key (critical alerts such as ECS100).</summary>
        public IGbcsPrivateKey DigitalSignatureKey;
        /// <summary>Trust anchor cells.</summary>
        public TrustAnchors TrustAnchors;
        /// <summary>The CHF Device Log.</summary>
        public ChfDeviceLog DeviceLog;
        /// <summary>Persisted originator counters.</summary>
        public OriginatorCounterStore Counters;
        /// <summary>CHF event log.</summary>
        public EventLog EventLog;
        /// <summary>CHF security log.</summary>
        public SecurityLog SecurityLog;
        /// <summary>The WAN outbox.</summary>
        public IUplink Uplink;
        /// <summary>The HAN bridge (null: every command for another device is undeliverable).</summary>
        public IHanBridge Han;
        /// <summary>Optional radio statistics for CCS05/CCS06.</summary>
        public IHanLinkStatus LinkStatus;
        /// <summary>UTC clock.</summary>
        public IClock Clock;
        /// <summary>Firmware version of the running image, as ECS52 returns it (4 bytes in RTDS).</summary>
        public byte[] FirmwareVersion;
        /// <summary>
        /// The hub's model identity, COSEM data object 0-0:96.1.4.255 as ECS26i/ECS26n read it (null: empty). RTDS
        /// shows a short ASCII model name.
        /// </summary>
        public byte[] ModelIdentity;
        /// <summary>The hub's type identity, COSEM data object 0-0:96.1.6.255 as ECS26i/ECS26n read it (null: empty).</summary>
        public byte[] TypeIdentity;
        /// <summary>
        /// How often last-communication times noted in RAM are written to flash, in seconds (default one hour). A
        /// power cut loses at most this much of them; every other device log change carries them along anyway.
        /// </summary>
        public uint CommunicationFlushSeconds = 3600;
        /// <summary>
        /// Outbox places kept free for alerts and other frames no command reserved (a meter's own alerts, CS14, a
        /// response that came after its HAN timeout): commands are taken from the WAN only while these stay free
        /// (default 4).
        /// </summary>
        public int AlertReserve = 4;
        /// <summary>
        /// The frame size one reserved place is sized for, in bytes (default 1024: a meter response or a device log
        /// alert). A larger frame still goes out when the outbox has the room; it is only the reservation that is sized.
        /// </summary>
        public int ReservedFrameLength = 1024;
        /// <summary>Most answers owed at once (commands on the HAN awaiting their response; default 64).</summary>
        public int MaxOwedAnswers = 64;
    }
}
