namespace CommsHub.Firmware.Core.Han.Ncp.Ezsp
{
    /// <summary>
    /// EmberNetworkParameters (20 bytes) for formNetwork: extendedPanId[8] (low byte first), panId u16,
    /// radioTxPower i8, radioChannel u8, joinMethod u8, nwkManagerId u16, nwkUpdateId u8, channels u32.
    /// </summary>
    public sealed class EzspNetworkParameters
    {
        /// <summary>Extended PAN ID (the hub's EUI-64 is a common choice).</summary>
        public ulong ExtendedPanId;

        /// <summary>16-bit PAN ID.</summary>
        public int PanId;

        /// <summary>Transmit power in dBm (signed).</summary>
        public int RadioTxPower = 8;

        /// <summary>2.4 GHz channel 11..26.</summary>
        public int RadioChannel = 11;

        /// <summary>EmberJoinMethod; 0 = MAC association.</summary>
        public int JoinMethod;

        /// <summary>Network manager's node ID (the coordinator, 0x0000).</summary>
        public int NwkManagerId;

        /// <summary>Network update ID.</summary>
        public int NwkUpdateId;

        /// <summary>Channel mask; 0 = the stack's default.</summary>
        public uint Channels;

        /// <summary>Writes the 20 bytes.</summary>
        public void Write(EzspWriter writer)
        {
            writer.Eui64(ExtendedPanId);
            writer.U16(PanId);
            writer.U8(RadioTxPower);
            writer.U8(RadioChannel);
            writer.U8(JoinMethod);
            writer.U16(NwkManagerId);
            writer.U8(NwkUpdateId);
            writer.U32(Channels);
        }
    }
}
