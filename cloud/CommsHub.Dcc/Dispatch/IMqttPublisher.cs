namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// Publishes one MQTT message (QoS 1). The host implements it over its broker or client (embedded MQTTnet server's
/// injection, or an MQTT client for an external broker); tests use an in-memory list. Kept this small so the library
/// does not depend on an MQTT package.
/// </summary>
public interface IMqttPublisher
{
    /// <summary>Publishes <paramref name="payload"/> on <paramref name="topic"/>. Throws when the broker refuses it.</summary>
    Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken = default);
}
