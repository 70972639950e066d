namespace CommsHub.Firmware.Core.Logs
{
    /// <summary>One entry of a hub log: when, which GBCS event code, and a few detail bytes.</summary>
    public sealed class LogEntry
    {
        /// <summary>UTC seconds since 2000-01-01 (the GBCS log time base, <see cref="Time.HubTime"/>).</summary>
        public uint Time;
        /// <summary>GBCS event / alert code, e.g. 0x8F3D.</summary>
        public int EventCode;
        /// <summary>Detail bytes (at most <see cref="LogRing.MaxDetailLength"/>; never null).</summary>
        public byte[] Detail;
        /// <summary>Sequence number: rises by one per entry ever written.</summary>
        public uint Sequence;
    }
}
