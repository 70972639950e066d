namespace CommsHub.Dcc.Access;

/// <summary>When the response to a future-dated request comes from (DUIS matrix column "Future Dated Response Pattern").</summary>
public enum FutureDatedPattern
{
    /// <summary>Not available future-dated.</summary>
    None,
    /// <summary>The DSP holds the request and sends it at the execution time.</summary>
    Dsp,
    /// <summary>The device holds the command and executes it at the execution time.</summary>
    Device,
    /// <summary>Both (6.23 Update Security Credentials (CoS)).</summary>
    DspAndDevice,
}

/// <summary>One DUIS Service Reference Variant: what it is and who may send it how.</summary>
/// <param name="Srv">The variant, e.g. "4.1.1" (the header's ServiceReferenceVariant).</param>
/// <param name="ServiceReference">e.g. "4.1".</param>
/// <param name="Name">DUIS name, e.g. "Read Instantaneous Import Registers".</param>
/// <param name="Critical">Critical: must go CV4 (pre-command) then CV5/6/7 signed by the user.</param>
/// <param name="OnDemand">Available on demand.</param>
/// <param name="FutureDated">Future-dated response pattern.</param>
/// <param name="DccScheduled">Can be DCC-scheduled (5.1 Create Schedule).</param>
/// <param name="NonDevice">Answered by the DCC itself, not a device (CV8).</param>
/// <param name="EligibleRoles">User roles that may send it (E2 otherwise). Empty for 7.16, 8.5, 8.6 in the matrix.</param>
/// <param name="CommandVariants">Command variants accepted (E12 otherwise).</param>
public sealed record ServiceReferenceVariantInfo(
    string Srv,
    string ServiceReference,
    string Name,
    bool Critical,
    bool OnDemand,
    FutureDatedPattern FutureDated,
    bool DccScheduled,
    bool NonDevice,
    IReadOnlySet<UserRole> EligibleRoles,
    IReadOnlySet<int> CommandVariants);
