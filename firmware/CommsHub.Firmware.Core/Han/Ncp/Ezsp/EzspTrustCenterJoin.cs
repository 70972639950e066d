namespace CommsHub.Firmware.Core.Han.Ncp.Ezsp
{
    /// <summary>
    /// trustCenterJoinHandler: newNodeId u16, newNodeEui64, status u8 (EmberDeviceUpdate), policyDecision u8
    /// (EmberJoinDecision), parentOfNewNodeId u16.
    /// </summary>
    public sealed class EzspTrustCenterJoin
    {
        /// <summary>EmberDeviceUpdate: secured rejoin.</summary>
        public const int SecuredRejoin = 0;

        /// <summary>EmberDeviceUpdate: unsecured join (a new device using its link key).</summary>
        public const int UnsecuredJoin = 1;

        /// <summary>EmberDeviceUpdate: the device left.</summary>
        public const int DeviceLeft = 2;

        /// <summary>EmberDeviceUpdate: unsecured trust-centre rejoin.</summary>
        public const int UnsecuredRejoin = 3;

        /// <summary>EmberJoinDecision: refused.</summary>
        public const int DenyJoin = 2;

        /// <summary>The device's node ID.</summary>
        public int NodeId;

        /// <summary>The device's EUI-64.</summary>
        public ulong Eui64;

        /// <summary>EmberDeviceUpdate.</summary>
        public int Status;

        /// <summary>EmberJoinDecision the trust centre took.</summary>
        public int PolicyDecision;

        /// <summary>The parent the device joined through.</summary>
        public int ParentNodeId;

        /// <summary>Reads the callback's parameters.</summary>
        public void Read(EzspReader reader)
        {
            NodeId = reader.U16();
            Eui64 = reader.Eui64();
            Status = reader.U8();
            PolicyDecision = reader.U8();
            ParentNodeId = reader.U16();
        }
    }
}
