namespace CommsHub.Firmware.Core.Han.Ncp.Ezsp
{
    /// <summary>The version response: protocolVersion u8, stackType u8, stackVersion u16.</summary>
    public sealed class EzspVersionResponse
    {
        /// <summary>EZSP protocol version the NCP speaks.</summary>
        public int ProtocolVersion;

        /// <summary>Stack type (2 = mesh).</summary>
        public int StackType;

        /// <summary>Stack version, one nibble per digit (0x6A20 = 6.10.2.0).</summary>
        public int StackVersion;

        /// <summary>Reads the response parameters.</summary>
        public void Read(EzspReader reader)
        {
            ProtocolVersion = reader.U8();
            StackType = reader.U8();
            StackVersion = reader.U16();
        }
    }
}
