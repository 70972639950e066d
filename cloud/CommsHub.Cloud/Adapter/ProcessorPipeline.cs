using CommsHub.Cloud.Duis;
using CommsHub.Dcc.Pipeline;

namespace CommsHub.Cloud.Adapter;

/// <summary>
/// The real <see cref="IDuisPipeline"/>: everything after the host's intake (access control and audit, transform with the
/// ACB keys, pending request persisted, dispatch to the hub over the embedded broker) runs in the library's
/// <see cref="DuisRequestProcessor"/>, through the <see cref="DecisionBatcher"/>: requests arriving together are decided
/// as one batch, one store transaction (<c>CommsHub:Dispatch:MaxDecisionBatch</c>), each request's replay-guard check
/// included (<see cref="ChecksReplay"/>), so a request's counter advance and its decision are kept or lost together.
/// </summary>
public sealed class ProcessorPipeline(DecisionBatcher batcher, AdapterMetrics metrics) : IDuisPipeline
{
    /// <inheritdoc/>
    public async ValueTask<DuisPipelineResult> ProcessAsync(AuthenticatedDuisRequest request, CancellationToken cancellationToken)
    {
        var d = await batcher.DecideAsync(new DuisBatchItem(request.Request, request.Signature, request.Channel, CheckReplay: true),
            cancellationToken).ConfigureAwait(false);
        metrics.Decided(request.Request.Header.ServiceReferenceVariant, d.ResponseCode ?? "409");
        // ResponseCode is null only for a correlation conflict, which the host answers 409 (no DUIS answer could be told apart).
        return new DuisPipelineResult(d.ResponseCode, d.Reason, d.Payload);
    }

    /// <inheritdoc/>
    public bool ChecksReplay => true;
}
