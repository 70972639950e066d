namespace CommsHub.Firmware.Core.Security
{
    /// <summary>
    /// Message codes of critical commands (GBCS message type SME.C.C, or "See GBCS" credential updates): they must
    /// carry an ECDSA signature by the Business Originator's DS key besides the ACB MAC (GBCS.md §2, §3.3).
    /// </summary>
    public static class CriticalCommands
    {
        /// <summary>True when a command with <paramref name="messageCode"/> must be signed.</summary>
        public static bool IsCritical(int messageCode)
        {
            switch (messageCode)
            {
                case 0x000A: // CS02c Issue Security Credentials
                case 0x000B: // CS02d Update Device Certificates on Device
                case 0x000D: // CS03A1 Method A Join (Meter)
                case 0x000F: // CS04AC Method A or C Unjoin
                case 0x0012: // CS06 Activate Firmware
                case 0x00AB: // CS03A2 Method A Join (non Meter)
                case 0x00AF: // CS03C Method C Join
                case 0x0124: // CS02g Update Load Controller Security Credentials
                case 0x0125:
                case 0x0126:
                    return true;
                default:
                    // CS02b Update Security Credentials, one code per replacement mode.
                    return messageCode >= 0x0100 && messageCode <= 0x0109;
            }
        }
    }
}
