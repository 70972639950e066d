using CommsHub.Protocol.Encoding;

namespace CommsHub.Dcc.Dispatch;

/// <summary>Publishes DUIS responses and alerts on <c>dcc/users/{EUI}/responses</c> (QoS 1).</summary>
public sealed class MqttUserDelivery(IMqttPublisher publisher) : IUserDelivery
{
    private readonly IMqttPublisher _publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));

    /// <summary>The responses topic of a user.</summary>
    public static string TopicFor(ulong user) => $"dcc/users/{Eui64.ToText(user)}/responses";

    /// <inheritdoc />
    public Task DeliverAsync(DuisDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return _publisher.PublishAsync(TopicFor(delivery.UserEui), delivery.Xml, cancellationToken);
    }
}
