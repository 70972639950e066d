namespace CommsHub.Protocol.UseCases
{
    /// <summary>One CHF event or security log entry (ECS35c / ECS35d).</summary>
    public sealed class ChfLogEntry
    {
        /// <summary>UTC seconds since 2000-01-01 (see <see cref="Dlms.DlmsDateTime.FromSecondsSince2000"/>).</summary>
        public uint Time;
        /// <summary>Event / alert code, e.g. 0x8154, 0x8F66.</summary>
        public int EventCode;
        /// <summary>Event data (event log only; null in the security log, which has two columns).</summary>
        public byte[] Data;
    }
}
