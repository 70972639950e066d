namespace CommsHub.Firmware.Core.Han.Ncp.Ezsp
{
    /// <summary>childJoinHandler: index u8, joining bool, childId u16, childEui64, childType u8.</summary>
    public sealed class EzspChildJoin
    {
        /// <summary>Child table index.</summary>
        public int Index;

        /// <summary>True on join, false on leave.</summary>
        public bool Joining;

        /// <summary>The child's node ID.</summary>
        public int NodeId;

        /// <summary>The child's EUI-64.</summary>
        public ulong Eui64;

        /// <summary>EmberNodeType (3 = end device, 4 = sleepy end device).</summary>
        public int NodeType;

        /// <summary>Reads the callback's parameters.</summary>
        public void Read(EzspReader reader)
        {
            Index = reader.U8();
            Joining = reader.U8() != 0;
            NodeId = reader.U16();
            Eui64 = reader.Eui64();
            NodeType = reader.U8();
        }
    }
}
