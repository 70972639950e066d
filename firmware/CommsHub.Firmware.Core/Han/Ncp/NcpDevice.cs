namespace CommsHub.Firmware.Core.Han.Ncp
{
    /// <summary>What the HAN knows of one device: its EUI-64, node ID, tunnel, and the link key armed for it.</summary>
    internal sealed class NcpDevice
    {
        public ulong Eui64;
        public int NodeId = -1;
        public int TunnelId;
        public byte[] LinkKey;
    }
}
