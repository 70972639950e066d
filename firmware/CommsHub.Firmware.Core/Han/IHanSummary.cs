namespace CommsHub.Firmware.Core.Han
{
    /// <summary>The HAN figures the hub's retained WAN status reports (<c>"han":{"devices":n,"joined":m}</c>).</summary>
    public interface IHanSummary
    {
        /// <summary>Devices in the CHF Device Log.</summary>
        int DeviceCount { get; }

        /// <summary>Devices in the log that are currently joined.</summary>
        int JoinedCount { get; }
    }
}
