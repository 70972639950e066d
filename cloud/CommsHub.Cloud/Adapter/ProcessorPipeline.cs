using CommsHub.Cloud.Duis;
using CommsHub.Dcc.Pipeline;

namespace CommsHub.Cloud.Adapter;

/// <summary>
/// The real <see cref="IDuisPipeline"/>: everything after the host's intake runs in the library's
/// <see cref="DuisRequestProcessor.DecideAsync"/> (access control and audit, transform with the ACB keys, pending
/// request persisted, dispatch to the hub over the embedded broker).
/// </summary>
public sealed class ProcessorPipeline(DuisRequestProcessor processor, AdapterMetrics metrics) : IDuisPipeline
{
    /// <inheritdoc/>
    public async ValueTask<DuisPipelineResult> ProcessAsync(AuthenticatedDuisRequest request, CancellationToken cancellationToken)
    {
        var d = await processor.DecideAsync(request.Request, request.Signature, request.Channel, request.ReceivedAt, cancellationToken)
            .ConfigureAwait(false);
        metrics.Decided(request.Request.Header.ServiceReferenceVariant, d.ResponseCode ?? "409");
        // ResponseCode is null only for a correlation conflict, which the host answers 409 (no DUIS answer could be told apart).
        return new DuisPipelineResult(d.ResponseCode, d.Reason, d.Payload);
    }
}
