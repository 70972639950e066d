namespace CommsHub.Firmware.Core.Han.Ncp.Ezsp
{
    /// <summary>
    /// EmberApsFrame (11 bytes): profileId u16, clusterId u16, sourceEndpoint u8, destinationEndpoint u8,
    /// options u16, groupId u16, sequence u8.
    /// </summary>
    public sealed class EzspApsFrame
    {
        /// <summary>ZigBee Smart Energy profile.</summary>
        public const int SmartEnergyProfile = 0x0109;

        /// <summary>SE Tunnelling cluster.</summary>
        public const int TunnellingCluster = 0x0704;

        /// <summary>APS retries, route discovery and APS encryption: how SE unicasts go out.</summary>
        public const int SecuredRetriedOptions = 0x0040 | 0x0100 | 0x0020;

        /// <summary>Application profile.</summary>
        public int ProfileId;

        /// <summary>Cluster.</summary>
        public int ClusterId;

        /// <summary>Sending endpoint.</summary>
        public int SourceEndpoint;

        /// <summary>Receiving endpoint.</summary>
        public int DestinationEndpoint;

        /// <summary>EmberApsOption bits.</summary>
        public int Options;

        /// <summary>Multicast group (0 for unicast).</summary>
        public int GroupId;

        /// <summary>APS counter (the NCP assigns it on send).</summary>
        public int Sequence;

        /// <summary>Writes the 11 bytes.</summary>
        public void Write(EzspWriter writer)
        {
            writer.U16(ProfileId);
            writer.U16(ClusterId);
            writer.U8(SourceEndpoint);
            writer.U8(DestinationEndpoint);
            writer.U16(Options);
            writer.U16(GroupId);
            writer.U8(Sequence);
        }

        /// <summary>Reads the 11 bytes into this instance.</summary>
        public void Read(EzspReader reader)
        {
            ProfileId = reader.U16();
            ClusterId = reader.U16();
            SourceEndpoint = reader.U8();
            DestinationEndpoint = reader.U8();
            Options = reader.U16();
            GroupId = reader.U16();
            Sequence = reader.U8();
        }
    }
}
