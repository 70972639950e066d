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
}
