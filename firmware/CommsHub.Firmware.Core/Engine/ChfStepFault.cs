using CommsHub.Protocol.Dlms;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// A fault a test rig arms on the CHF (<see cref="HubEngine.ArmFault"/>): the CHF fails one DLMS
    /// access-request-specification of a command with hardware-fault (1) and null data, and answers every later one
    /// other-reason (250), GBCS's "Break On Error" rule as RTDS's CHF <c>_ERROR_</c> responses show it
    /// (docs/VIRTUAL-DEVICE-FAULTS.md). The steps before the failing one run as usual; the failing one and those after
    /// it change nothing. Only DLMS commands trip it (CS07 and the other ASN.1 use cases run as usual).
    /// </summary>
    public sealed class ChfStepFault
    {
        /// <summary>No message code: the next DLMS command trips the fault, whatever it is.</summary>
        public const int AnyMessageCode = -1;

        /// <summary>Creates a fault at <paramref name="step"/> (negative from the end) for <paramref name="messageCode"/>.</summary>
        public ChfStepFault(int step, int messageCode, bool persistent)
        {
            Step = step;
            MessageCode = messageCode;
            Persistent = persistent;
        }

        /// <summary>The failing step, 0 for the first; negative counts from the end (-1 the last); clamped to the command.</summary>
        public int Step { get; private set; }

        /// <summary>Only commands with this GBCS message code trip the fault (<see cref="AnyMessageCode"/>: any).</summary>
        public int MessageCode { get; private set; }

        /// <summary>False: spent by the first command it trips. True: stays until cleared.</summary>
        public bool Persistent { get; private set; }

        /// <summary>True when a command with <paramref name="messageCode"/> trips this fault.</summary>
        public bool Matches(int messageCode)
        {
            return MessageCode == AnyMessageCode || MessageCode == messageCode;
        }

        /// <summary>The failing step's index in a command of <paramref name="steps"/> steps (1 or more).</summary>
        public int FailingStep(int steps)
        {
            int at = Step < 0 ? steps + Step : Step;
            if (at < 0) return 0;
            return at >= steps ? steps - 1 : at;
        }

        /// <summary>
        /// <paramref name="executed"/>, the handler's answer with only the steps before <paramref name="failing"/> run
        /// (null when none ran), with the failing step answered hardware-fault and the later ones other-reason, each with
        /// null data; the kinds follow the request's accesses.
        /// </summary>
        internal static AccessResponse Answer(AccessRequest request, AccessResponse executed, int failing)
        {
            int n = request.Specs.Length;
            DlmsData[] data = new DlmsData[n];
            AccessResponseSpec[] results = new AccessResponseSpec[n];
            for (int i = 0; i < n; i++)
            {
                bool ran = i < failing && executed != null && i < executed.Results.Length && i < executed.Data.Length;
                data[i] = ran ? executed.Data[i] : DlmsData.Null();
                AccessKind kind = request.Specs[i].Kind == AccessKind.GetWithSelection ? AccessKind.Get : request.Specs[i].Kind;
                results[i] = ran ? executed.Results[i]
                    : new AccessResponseSpec(kind, i == failing ? DlmsResults.HardwareFault : DlmsResults.OtherReason);
            }
            return new AccessResponse(request.LongInvokeIdAndPriority, data, results);
        }
    }
}
