using System;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>What a CHF command changed that the engine must announce once the command has been answered.</summary>
    [Flags]
    internal enum ChfCommandEffects
    {
        /// <summary>Nothing to announce.</summary>
        None = 0,
        /// <summary>A device was added or removed or the log restored: CS14 (the device log backup) follows the response.</summary>
        DeviceLogChanged = 1,
    }
}
