namespace CommsHub.Cloud.Mqtt.Inbound;

/// <summary>What an <see cref="MqttInboundMessage"/> reports.</summary>
public enum MqttInboundKind
{
    /// <summary>A frame a hub published on <c>chub/{EUI}/up</c>: a response or alert, correlated before it is acknowledged.</summary>
    HubUp,
    /// <summary>A hub's (retained) <c>chub/{EUI}/status</c>, or its last will.</summary>
    HubStatus,
    /// <summary>The broker saw a hub's last connection go (embedded broker only; an external broker's clients see the will).</summary>
    HubGone,
    /// <summary>A DUIS request a user published on <c>dcc/users/{EUI}/requests</c>: decided before it is acknowledged.</summary>
    UserRequest,
    /// <summary>The user's side has taken a message published on its responses topic (the user's PUBACK, or on an
    /// external broker the broker's PUBACK that matched the user's subscription).</summary>
    UserTook,
    /// <summary>A user's client subscribed (what waits for it is sent at once).</summary>
    UserSubscribed,
}
