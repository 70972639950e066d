using System;

namespace CommsHub.Firmware.Core.DeviceLog
{
    /// <summary>
    /// A stored snapshot passed its CRC but cannot be decoded (unknown format version or inconsistent lengths):
    /// a firmware/format mismatch, not a torn write, which the record log never returns.
    /// </summary>
    public class DeviceLogFormatException : Exception
    {
        /// <summary>Creates the error.</summary>
        public DeviceLogFormatException(string message)
            : base(message)
        {
        }
    }
}
