using System.Runtime.ExceptionServices;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Pipeline;

/// <summary>A request that passed intake (loaded, schema-valid, signature verified, signer = originator), for
/// <see cref="DuisRequestProcessor.DecideBatchAsync"/>.</summary>
/// <param name="Request">The parsed request.</param>
/// <param name="Signature">Which certificate verified it (null: the caller vouches for the user some other way).</param>
/// <param name="Endpoint">Where it arrived (E13).</param>
/// <param name="CheckReplay">Run the replay guard on its RequestID counter in its unit of work (false when the caller already did).</param>
public sealed record DuisBatchItem(DuisRequest Request, DuisSignatureInfo? Signature, DuisEndpoint Endpoint, bool CheckReplay = true);

/// <summary>
/// One request's outcome in a batch: its value, or what stopped it. A failure is either the replay guard's refusal
/// (<see cref="Replayed"/>: answer E1) or an exception (a store failure: the batch's commit, or the request's own unit of
/// work), kept with its original stack; nothing of a failed request was kept.
/// </summary>
/// <typeparam name="T">The decision type.</typeparam>
/// <param name="Value">The decision, when there is one.</param>
/// <param name="Failure">Why there is none.</param>
/// <param name="Replayed">True when <paramref name="Failure"/> is the replay guard's <see cref="DuisRejectedException"/>.</param>
public sealed record DuisBatchResult<T>(T? Value, ExceptionDispatchInfo? Failure, bool Replayed = false) where T : class
{
    /// <summary>The value, or the failure rethrown as it was thrown.</summary>
    public T Get()
    {
        Failure?.Throw();
        return Value!;
    }
}
