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

    /// <summary>
    /// Raised (on the connecting thread; keep handlers short) each time the adapter's connection to the broker is
    /// established, the first time and after every reconnect. A broker that may have lost what it acknowledged meanwhile
    /// (a restart) is only known to the adapter this way. The embedded broker runs in the adapter's process and never
    /// raises it.
    /// </summary>
    event Action? Connected;

    /// <summary>One line for the start banner: where hubs and users connect.</summary>
    IEnumerable<string> Describe();
}
