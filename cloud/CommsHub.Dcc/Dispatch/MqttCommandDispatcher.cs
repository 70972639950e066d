using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Wan;

namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// Publishes raw GBCS commands on <c>chub/{hub}/down</c> (DESIGN.md, Contracts). It publishes before marking the request
/// Sent: if the process dies in between, the request is published again by whoever picks it up (at least once; the hub
/// refuses the duplicate by its GBCS counter, so a repeat is harmless, whereas a lost command would not be).
/// </summary>
public sealed class MqttCommandDispatcher(IMqttPublisher publisher, IPendingRequestStore pending, IHubPresence presence) : ICommandDispatcher
{
    private readonly IMqttPublisher _publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));
    private readonly IPendingRequestStore _pending = pending ?? throw new ArgumentNullException(nameof(pending));
    private readonly IHubPresence _presence = presence ?? throw new ArgumentNullException(nameof(presence));

    /// <inheritdoc />
    public async Task<DispatchOutcome> DispatchAsync(PendingRequest request, ulong hub, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.State != PendingState.Pending) return DispatchOutcome.AlreadyHandled;
        if (!_presence.IsOnline(hub)) return DispatchOutcome.HubOffline;
        await _publisher.PublishAsync(WanTopics.Down(hub), request.Gbcs, cancellationToken).ConfigureAwait(false);
        return _pending.TryTransition(request.RequestId, PendingState.Pending, PendingState.Sent)
            ? DispatchOutcome.Sent
            : DispatchOutcome.AlreadyHandled;
    }
}
