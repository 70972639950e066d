using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Pipeline;

/// <summary>A request that passed intake (loaded, schema-valid, signature verified, signer = originator), for
/// <see cref="DuisRequestProcessor.DecideBatchAsync"/>; its replay check is part of the decision.</summary>
/// <param name="Request">The parsed request.</param>
/// <param name="Signature">Which certificate verified it (null: the caller vouches for the user some other way).</param>
/// <param name="Endpoint">Where it arrived (E13).</param>
public sealed record DuisBatchItem(DuisRequest Request, DuisSignatureInfo? Signature, DuisEndpoint Endpoint)
{
    /// <summary>
    /// A run of a DCC schedule (<see cref="Schedules.DccScheduleRunner"/>): the DSP originates it on the user's behalf, so
    /// its RequestID counter is the DSP's and the user's replay counter is neither checked nor advanced by it.
    /// </summary>
    public bool DccScheduled { get; init; }

    /// <summary>
    /// For a run of a DCC schedule: claims the run, in the request's unit of work before anything else of it is written,
    /// so that the claim is kept exactly when the run's decision is (a failed or interrupted decision leaves the run due
    /// for the next pass, of any instance). False: another instance made the run; the request is dropped, nothing of it
    /// kept, and its outcome is <see cref="DuisOutcomeKind.Conflict"/>. Null: nothing to claim.
    /// </summary>
    public Func<bool>? Claim { get; init; }

    /// <summary>
    /// For a request no caller waits on (a DCC schedule's run): called in its unit of work when it is refused before
    /// anything was sent (<see cref="DuisOutcomeKind.Rejected"/>, an E-code), so that whatever it stores for the user (the
    /// refusal, in the outbox) is kept exactly when the decision is. Null: the caller answers the refusal itself.
    /// </summary>
    public Action<DuisOutcome>? Refused { get; init; }
}
