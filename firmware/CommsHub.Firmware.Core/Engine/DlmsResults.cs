using CommsHub.Firmware.Core.DeviceLog;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// DLMS Action-Result / Data-Access-Result codes the CHF answers with. RTDS ERROR variants show 1 (hardware fault)
    /// and 250 (other reason); the hub uses 1 for flash failures and 250 for refused operations.
    /// </summary>
    public static class DlmsResults
    {
        /// <summary>success.</summary>
        public const int Success = 0;
        /// <summary>hardware-fault: the operation could not be persisted.</summary>
        public const int HardwareFault = 1;
        /// <summary>other-reason: refused (log full, unknown device, bad install code ...).</summary>
        public const int OtherReason = 250;

        /// <summary>
        /// The result for a device log outcome: GBCS counts a duplicate CCS01 (key discarded) and a never-recorded
        /// GPF/HHT as success.
        /// </summary>
        public static int From(DeviceLogResult r)
        {
            switch (r)
            {
                case DeviceLogResult.Success:
                case DeviceLogResult.AlreadyRegistered:
                case DeviceLogResult.NotRecorded:
                    return Success;
                default:
                    return OtherReason;
            }
        }
    }
}
