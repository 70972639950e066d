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
    private OnPost? _onPost;

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

    /// <summary>
    /// Makes <see cref="PostAsync"/> run <paramref name="prepare"/> on the posting thread, before it queues a message that
    /// <paramref name="wants"/> it: the order-free part of the message's handling (a DUIS request's parse, schema and
    /// signature check), done by the source's own thread (with the embedded broker, the publishing client's, which waits
    /// for the message's PUBACK anyway) instead of the adapter's inbox reader. Set before the source starts.
    /// </summary>
    /// <param name="wants">Whether a message has such a part.</param>
    /// <param name="prepare">The part; leaves its result in <see cref="MqttInboundMessage.Prepared"/>. If it throws, the
    /// message goes on unprepared, and its handler does the work (and meets the failure) in its turn.</param>
    public void PrepareOnPost(Func<MqttInboundMessage, bool> wants, Action<MqttInboundMessage> prepare)
    {
        ArgumentNullException.ThrowIfNull(wants);
        ArgumentNullException.ThrowIfNull(prepare);
        Volatile.Write(ref _onPost, new OnPost(wants, prepare));
    }

    /// <summary>Hands <paramref name="message"/> over, waiting for room; returns when it is queued, not when it is handled.</summary>
    /// <exception cref="OperationCanceledException">the adapter has stopped taking messages (the host is stopping).</exception>
    public async ValueTask PostAsync(MqttInboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Volatile.Read(ref _onPost) is { } onPost && onPost.Wants(message))
        {
            try
            {
                onPost.Prepare(message);
            }
            catch (Exception)
            {
                // Not lost: unprepared, its handler redoes the work in its turn, where the failure is answered and logged.
                message.Prepared = null;
            }
        }
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

    private sealed record OnPost(Func<MqttInboundMessage, bool> Wants, Action<MqttInboundMessage> Prepare);
}
