using System.Threading.Channels;

namespace CommsHub.Cloud.Mqtt.Inbound;

/// <summary>
/// The bounded channel between the MQTT side (the embedded broker or the external-broker client, see
/// <see cref="IMqttMessageSource"/>) and the adapter (<see cref="Adapter.MqttInboxService"/>). It replaces a lazy service
/// lookup: the source only writes here, the adapter publishes through <c>IMqttPublisher</c>, and neither needs the other.
/// When it is full, writers wait (the broker then holds back the publishing client's packets): nothing is dropped.
/// </summary>
public sealed class MqttInbox
{
    private readonly Channel<MqttInboundMessage> _channel;

    /// <summary>An inbox holding at most <paramref name="capacity"/> messages not yet taken by the adapter.</summary>
    public MqttInbox(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _channel = Channel.CreateBounded<MqttInboundMessage>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>The default capacity.</summary>
    public const int DefaultCapacity = 1024;

    /// <summary>How many messages may wait.</summary>
    public int Capacity { get; }

    /// <summary>The adapter's side.</summary>
    public ChannelReader<MqttInboundMessage> Reader => _channel.Reader;

    /// <summary>Hands <paramref name="message"/> over, waiting for room; returns when it is queued, not when it is handled.</summary>
    /// <exception cref="OperationCanceledException">the adapter has stopped taking messages (the host is stopping).</exception>
    public async ValueTask PostAsync(MqttInboundMessage message, CancellationToken cancellationToken = default)
    {
        try
        {
            await _channel.Writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            // Not handled, so not to be acknowledged: the client sends it again to whoever runs next.
            throw new OperationCanceledException("the adapter is stopping", ex);
        }
    }

    /// <summary>Hands <paramref name="message"/> over and waits until the adapter is done with it; the PUBACK reason code.</summary>
    /// <exception cref="OperationCanceledException">the adapter stopped before it was done: do not acknowledge.</exception>
    public async Task<MQTTnet.Protocol.MqttPubAckReasonCode> SubmitAsync(MqttInboundMessage message, CancellationToken cancellationToken = default)
    {
        await PostAsync(message, cancellationToken).ConfigureAwait(false);
        return await message.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>No more messages will come (the host is stopping).</summary>
    public void Close() => _channel.Writer.TryComplete();
}
