using CommsHub.Firmware.Core.Crypto;
using CommsHub.Firmware.Core.Han;
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

        /// <summary>The HAN radio (the EZSP driver over <see cref="INcpPort"/>).</summary>
        public IHanNetwork Han;

        /// <summary>LEDs, tamper, reset button, watchdog.</summary>
        public IBoardIo Io;

        /// <summary>Firmware version bytes (ECS52).</summary>
        public byte[] FirmwareVersion;
    }
}
