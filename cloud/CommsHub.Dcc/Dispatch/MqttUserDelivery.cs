using CommsHub.Protocol.Encoding;

namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// Publishes DUIS responses and alerts on <c>dcc/users/{EUI}/responses</c> (QoS 1). A publish is only
/// <see cref="DeliveryReceipt.Sent"/>: the message is taken when the user's client acknowledges it (the broker reports
/// the PUBACK to <see cref="UserOutbox.Acknowledged"/>); until then the outbox sends it again.
/// </summary>
public sealed class MqttUserDelivery(IMqttPublisher publisher) : IUserDelivery
{
    private readonly IMqttPublisher _publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));

    /// <summary>The responses topic of a user.</summary>
    public static string TopicFor(ulong user) => $"dcc/users/{Eui64.ToText(user)}/responses";

    /// <inheritdoc />
    public async Task<DeliveryReceipt> DeliverAsync(DuisDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await _publisher.PublishAsync(TopicFor(delivery.UserEui), delivery.Xml, cancellationToken).ConfigureAwait(false);
        return DeliveryReceipt.Sent;
    }
}
