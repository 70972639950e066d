using System.Collections.Concurrent;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Wan;

namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// Publishes raw GBCS commands on <c>chub/{hub}/down</c> (DESIGN.md, Contracts). It publishes before marking the request
/// Sent: if the process dies in between, the request is published again by whoever picks it up (at least once; the hub
/// refuses the duplicate by its GBCS counter, so a repeat is harmless, whereas a lost command would not be). With
/// <see cref="SentMarks"/> the Sent mark is written in a batch shortly after instead of by the publishing request, with the
/// same guarantee (see there).
/// </summary>
/// <param name="publisher">The MQTT client.</param>
/// <param name="pending">The pending requests.</param>
/// <param name="presence">Which hubs are online.</param>
/// <param name="marks">Batches the Sent marks; null: each dispatch writes its own.</param>
public sealed class MqttCommandDispatcher(IMqttPublisher publisher, IPendingRequestStore pending, IHubPresence presence, SentMarks? marks = null)
    : ICommandDispatcher
{
    private readonly IMqttPublisher _publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));
    private readonly IPendingRequestStore _pending = pending ?? throw new ArgumentNullException(nameof(pending));
    private readonly IHubPresence _presence = presence ?? throw new ArgumentNullException(nameof(presence));
    // Requests this instance is publishing now: from the committed Pending row to the Sent mark (written, or queued in
    // SentMarks) the store still says Pending, and a sweep in that window must not publish the command a second time.
    // Under load a publish can take a while (a busy broker), and each repeat costs the HAN a frame and the hub's security
    // log a replay entry.
    private readonly ConcurrentDictionary<string, byte> _publishing = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<DispatchOutcome> DispatchAsync(PendingRequest request, ulong hub, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.State != PendingState.Pending) return DispatchOutcome.AlreadyHandled;
        // Published by this instance, its Sent mark not written yet: not a second time.
        if (marks is not null && marks.IsQueued(request.RequestId)) return DispatchOutcome.AlreadyHandled;
        if (!_presence.IsOnline(hub)) return DispatchOutcome.HubOffline;
        if (!_publishing.TryAdd(request.RequestId, 0)) return DispatchOutcome.AlreadyHandled;
        try
        {
            await _publisher.PublishAsync(WanTopics.Down(hub), request.Gbcs, cancellationToken).ConfigureAwait(false);
            if (marks is not null && marks.TryEnqueue(request.RequestId)) return DispatchOutcome.Sent;
            return _pending.TryTransition(request.RequestId, PendingState.Pending, PendingState.Sent)
                ? DispatchOutcome.Sent
                : DispatchOutcome.AlreadyHandled;
        }
        finally
        {
            _publishing.TryRemove(request.RequestId, out _);
        }
    }
}
