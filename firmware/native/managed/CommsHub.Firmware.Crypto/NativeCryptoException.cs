using System;

namespace CommsHub.Firmware.Crypto
{
    /// <summary>
    /// The firmware's mbedTLS failed in a way that is not the caller's fault and not a verdict: it lacks an
    /// algorithm (<see cref="Status"/> -2) or ran out of key slots, memory or entropy (-3).
    /// </summary>
    public class NativeCryptoException : Exception
    {
        /// <summary>Creates the exception for a native status code.</summary>
        public NativeCryptoException(string operation, int status)
            : base(operation + " failed in the device crypto: " + Describe(status) + " (status " + status + ")")
        {
            Status = status;
        }

        /// <summary>The native status code (see CryptoNatives).</summary>
        public int Status { get; }

        private static string Describe(int status)
        {
            switch (status)
            {
                case -2: return "the firmware's mbedTLS lacks the algorithm (PSA_WANT_* / MBEDTLS_* configuration)";
                case -3: return "mbedTLS error (key slots, memory, entropy or hardware)";
                default: return "unexpected status";
            }
        }
    }
}
