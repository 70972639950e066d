namespace CommsHub.Firmware.Core.DeviceLog
{
    /// <summary>Configuration of a <see cref="ChfDeviceLog"/>.</summary>
    public sealed class DeviceLogOptions
    {
        /// <summary>GBCS: the CHF Historic Device Log holds 15 entries.</summary>
        public const int HistoricCapacity = 15;

        /// <summary>Maximum number of devices (16 by default; 1..64).</summary>
        public int Capacity { get; set; } = 16;

        /// <summary>Extended PAN id used until a CCS03 restore sets another (typically the hub's EUI).</summary>
        public ulong DefaultExtendedPanId { get; set; }
    }
}
