using System.Threading.Channels;

namespace CommsHub.Cloud.Mqtt;

/// <summary>A DUIS request that arrived on <c>dcc/users/{EUI}/requests</c>.</summary>
/// <param name="User">The authenticated user the topic belongs to.</param>
/// <param name="Payload">The DUIS XML bytes (a copy; the broker's buffer is not kept).</param>
public sealed record MqttDuisRequest(ulong User, byte[] Payload);

/// <summary>
/// Hands MQTT DUIS requests from the broker's publish interceptor to <see cref="MqttDuisBridge"/>. Bounded: the
/// interceptor must never block the broker, so when the queue is full the request is refused (PUBACK
/// QuotaExceeded) instead of buffering without limit.
/// </summary>
public sealed class MqttRequestQueue
{
    private readonly Channel<MqttDuisRequest> _channel =
        Channel.CreateBounded<MqttDuisRequest>(new BoundedChannelOptions(1000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Queues a request; false when the queue is full.</summary>
    public bool TryEnqueue(MqttDuisRequest request) => _channel.Writer.TryWrite(request);

    /// <summary>The requests, in arrival order.</summary>
    public IAsyncEnumerable<MqttDuisRequest> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);
}
