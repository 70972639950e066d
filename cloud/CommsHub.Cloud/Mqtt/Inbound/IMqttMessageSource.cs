namespace CommsHub.Cloud.Mqtt.Inbound;

/// <summary>
/// Where the adapter's MQTT traffic comes from: the in-process broker (<see cref="EmbeddedBroker"/>) or a client of an
/// external broker (<see cref="External.ExternalBrokerClient"/>). Either writes what hubs and users publish into the
/// <see cref="MqttInbox"/> and acknowledges a request or up frame only when its <see cref="MqttInboundMessage.Completion"/>
/// says the outcome is committed; either also implements <c>IMqttPublisher</c> for what the adapter sends.
/// </summary>
public interface IMqttMessageSource
{
    /// <summary>True while it runs (the broker listens, or the client is connected).</summary>
    bool IsRunning { get; }

    /// <summary>One line for the start banner: where hubs and users connect.</summary>
    IEnumerable<string> Describe();
}
