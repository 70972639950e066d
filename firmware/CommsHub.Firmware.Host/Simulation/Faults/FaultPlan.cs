namespace CommsHub.Firmware.Host.Simulation.Faults;

/// <summary>What happens to each step of one command under a <see cref="CommandFault"/>.</summary>
public enum StepOutcome
{
    /// <summary>The step runs as usual (it comes before the failing one).</summary>
    Execute,

    /// <summary>The step fails with a hardware fault.</summary>
    Fail,

    /// <summary>
    /// The step is not attempted: GBCS's "Break On Error" rule stops a command's instructions at the first that fails,
    /// and each one not attempted is still answered (DLMS other-reason; ZCL FAILURE with command id 0xFF).
    /// </summary>
    Abandon,
}

/// <summary>A <see cref="CommandFault"/> placed in one command: the failing step's index and the fault.</summary>
/// <param name="FailingStep">Index of the failing step in this command.</param>
/// <param name="Fault">The armed fault.</param>
public sealed record FaultPlan(int FailingStep, CommandFault Fault)
{
    /// <summary>What happens to step <paramref name="step"/>.</summary>
    public StepOutcome Outcome(int step) =>
        step < FailingStep ? StepOutcome.Execute : step == FailingStep ? StepOutcome.Fail : StepOutcome.Abandon;

    /// <summary>
    /// The DLMS data-access-result or action-result of a step that does not run: hardware-fault (1) for the failing
    /// one, other-reason (250) for the abandoned ones; null for a step that runs.
    /// </summary>
    public int? DlmsResult(int step) => Outcome(step) switch
    {
        StepOutcome.Fail => DlmsHardwareFault,
        StepOutcome.Abandon => DlmsOtherReason,
        _ => null,
    };

    /// <summary>Which attribute record of a ZCL read or write with <paramref name="records"/> records fails.</summary>
    public int FailingAttribute(int records) => CommandFault.Resolve(Fault.Attribute, records);

    /// <summary>DLMS data-access-result / action-result hardware-fault.</summary>
    public const int DlmsHardwareFault = 1;

    /// <summary>DLMS data-access-result / action-result other-reason.</summary>
    public const int DlmsOtherReason = 250;

    /// <summary>ZCL status HARDWARE_FAILURE: the failing component's Default Response or attribute record.</summary>
    public const int ZclHardwareFailure = 0xC0;

    /// <summary>ZCL status FAILURE: the Default Response of an abandoned component.</summary>
    public const int ZclFailure = 0x01;

    /// <summary>
    /// Command identifier the Default Response of an abandoned component carries: 0xFF, as GBCS's Break On Error rule
    /// and RTDS's GSME answer the components not attempted.
    /// </summary>
    public const int ZclAbandonedCommandId = 0xFF;
}
