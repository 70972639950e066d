using CommsHub.Firmware.Core.Crypto;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Han.Ncp;
using CommsHub.Firmware.Core.Time;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Protocol.Crypto;

namespace CommsHub.Firmware.Nano.App
{
    /// <summary>What the board hands the portable <see cref="HubApp"/>: its bindings and the provisioned identity.</summary>
    public sealed class HubAppConfig
    {
        /// <summary>First-boot settings (EUI, broker, anchors).</summary>
        public Provisioning Provisioning;

        /// <summary>The flash partitions.</summary>
        public NanoFlash Flash;

        /// <summary>Device crypto (NativeGbcsCrypto over the interop assembly).</summary>
        public IGbcsCrypto Crypto;

        /// <summary>The KA private key (imported into a native key slot).</summary>
        public IGbcsPrivateKey KeyAgreementKey;

        /// <summary>The DS private key (imported into a native key slot).</summary>
        public IGbcsPrivateKey DigitalSignatureKey;

        /// <summary>Single-block AES for AES-MMO (install-code link keys).</summary>
        public IAes128 Aes;

        /// <summary>The MQTT client (M2Mqtt with TLS and the device certificate).</summary>
        public IWanTransport Transport;

        /// <summary>
        /// The UART and control lines to the ZigBee NCP: the app runs the EZSP/ASH driver over it (<see cref="HanRadio"/>),
        /// falling back to no radio when the NCP does not answer its reset. Ignored when <see cref="Han"/> is set.
        /// </summary>
        public INcpPort NcpPort;

        /// <summary>How the NCP forms the network when it has none saved (<see cref="HanRadio.DeriveSettings"/>); null: the driver's defaults.</summary>
        public NcpNetworkSettings NcpSettings;

        /// <summary>A HAN to use instead of the NCP (tests, or a board without one): null to use <see cref="NcpPort"/>.</summary>
        public IHanNetwork Han;

        /// <summary>The UTC clock; null: <see cref="NanoClock.Instance"/> (the RTC set by SNTP).</summary>
        public IClock Clock;

        /// <summary>LEDs, tamper, reset button, watchdog.</summary>
        public IBoardIo Io;

        /// <summary>Firmware version bytes (ECS52).</summary>
        public byte[] FirmwareVersion;
    }
}
