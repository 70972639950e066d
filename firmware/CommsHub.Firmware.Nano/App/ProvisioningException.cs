using System;

namespace CommsHub.Firmware.Nano.App
{
    /// <summary>The provisioning file is missing a setting or has a malformed one; the message names the line or key (never a key's value).</summary>
    public sealed class ProvisioningException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public ProvisioningException(string message) : base(message) { }
    }
}
