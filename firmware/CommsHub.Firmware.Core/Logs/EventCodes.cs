namespace CommsHub.Firmware.Core.Logs
{
    /// <summary>
    /// GBCS event / alert codes the hub logs (names from gbcs-parser <c>util.ts:alertCodes</c>; GBCS.md §10 notes the
    /// public sources give the codes but not the rules, so which failure gets which code is this project's choice).
    /// </summary>
    public static class EventCodes
    {
        /// <summary>CHF Device Log Changed (CS14).</summary>
        public const int DeviceLogChanged = 0x8F12;
        /// <summary>Integrity check of content or format of command failed (malformed frames and payloads).</summary>
        public const int CommandIntegrityFailed = 0x8F1E;
        /// <summary>Source Does not have Authority for Command (originator in no trust anchor cell).</summary>
        public const int SourceNotAuthorised = 0x8F30;
        /// <summary>Trusted Source Authentication Failure (MAC or signature missing or wrong).</summary>
        public const int TrustedSourceAuthenticationFailure = 0x8F3D;
        /// <summary>Change in the executing Firmware version.</summary>
        public const int FirmwareVersionChanged = 0x8F43;
        /// <summary>Device joining failed.</summary>
        public const int DeviceJoiningFailed = 0x8F48;
        /// <summary>Device joining succeeded.</summary>
        public const int DeviceJoiningSucceeded = 0x8F49;
        /// <summary>Device Unjoining succeeded (a device left the HAN).</summary>
        public const int DeviceUnjoiningSucceeded = 0x8F4B;
        /// <summary>Failed Authentication or Authorisation not covered by other codes (replayed counters).</summary>
        public const int FailedAuthenticationOther = 0x8F53;
        /// <summary>Firmware Verification Successful.</summary>
        public const int FirmwareVerificationSuccessful = 0x8F72;
        /// <summary>Firmware Verification Failed.</summary>
        public const int FirmwareVerificationFailed = 0x8F1C;
        /// <summary>Failure to Deliver Remote Party Message to ESME (a command for a device the HAN cannot reach).</summary>
        public const int FailureToDeliver = 0x8F84;
        /// <summary>Command not supported by Device (ECS100).</summary>
        public const int CommandNotSupported = 0x8F85;
        /// <summary>Immediate HAN Interface Command Received and Successfully Actioned (detail: message code, as RTDS ECS35c).</summary>
        public const int CommandActioned = 0x8154;
        /// <summary>Immediate HAN Interface Command Received but not Successfully Actioned.</summary>
        public const int CommandNotActioned = 0x8155;
    }
}
