using System;

namespace CommsHub.Firmware.Core.Han.Ncp.Ezsp
{
    /// <summary>An EZSP frame from the NCP could not be read: too short, or a field out of range.</summary>
    public sealed class EzspFormatException : Exception
    {
        /// <summary>Creates the error with what was wrong.</summary>
        public EzspFormatException(string message) : base(message) { }
    }
}
