namespace CommsHub.Firmware.Core.Han.Ncp.Ezsp
{
    /// <summary>
    /// EmberInitialSecurityState (43 bytes): bitmask u16, preconfiguredKey[16], networkKey[16],
    /// networkKeySequenceNumber u8, preconfiguredTrustCenterEui64[8].
    /// </summary>
    public sealed class EzspInitialSecurityState
    {
        /// <summary>EMBER_HAVE_PRECONFIGURED_KEY.</summary>
        public const int HavePreconfiguredKey = 0x0100;

        /// <summary>EMBER_HAVE_NETWORK_KEY.</summary>
        public const int HaveNetworkKey = 0x0200;

        /// <summary>EMBER_REQUIRE_ENCRYPTED_KEY: the network key goes to joiners encrypted with their link key.</summary>
        public const int RequireEncryptedKey = 0x0800;

        /// <summary>
        /// A Smart Energy trust centre: joiners use their install-code-derived key (armed per device as a transient
        /// key), never a global one, and get the network key encrypted.
        /// </summary>
        public const int SmartEnergyTrustCenter = HavePreconfiguredKey | HaveNetworkKey | RequireEncryptedKey;

        /// <summary>EmberInitialSecurityBitmask.</summary>
        public int Bitmask = SmartEnergyTrustCenter;

        /// <summary>The trust centre's own preconfigured link key (16 bytes; random on a hub).</summary>
        public byte[] PreconfiguredKey;

        /// <summary>The network key (16 bytes, random per network).</summary>
        public byte[] NetworkKey;

        /// <summary>Network key sequence number.</summary>
        public int NetworkKeySequenceNumber;

        /// <summary>Only for joiners; 0 on a trust centre.</summary>
        public ulong PreconfiguredTrustCenterEui64;

        /// <summary>Writes the 43 bytes.</summary>
        /// <exception cref="System.ArgumentException">a key that is not 16 bytes.</exception>
        public void Write(EzspWriter writer)
        {
            if (PreconfiguredKey == null || PreconfiguredKey.Length != 16) throw new System.ArgumentException("preconfigured key must be 16 bytes");
            if (NetworkKey == null || NetworkKey.Length != 16) throw new System.ArgumentException("network key must be 16 bytes");
            writer.U16(Bitmask);
            writer.Bytes(PreconfiguredKey, 0, 16);
            writer.Bytes(NetworkKey, 0, 16);
            writer.U8(NetworkKeySequenceNumber);
            writer.Eui64(PreconfiguredTrustCenterEui64);
        }
    }
}
