using System.Text;
using CommsHub.Cloud.Configuration;
using MQTTnet;

namespace CommsHub.Cloud.Mqtt;

/// <summary>
/// The largest PUBLISH each party may send (<see cref="MqttSettings.MaxHubPacketBytes"/> for hubs,
/// <see cref="MqttSettings.MaxPacketBytes"/> for the others, and a DUIS request's payload no larger than
/// <see cref="HttpSettings.MaxRequestBodyBytes"/>, the same cap as over HTTP). The adapter's own principal is trusted
/// and not limited.
/// </summary>
/// <remarks>
/// MQTTnet 5.2's server reads a packet whole before any hook sees it (its CONNACK advertises no Maximum Packet Size
/// and it has no option for one), so this judges a publish after it was received, at <c>InterceptingPublish</c>: the
/// message is dropped before anything routes, retains or stores it, and the client is disconnected. What it cannot
/// prevent is the broker buffering one oversized packet per connection (up to MQTT's 256 MiB) while reading it.
/// </remarks>
public sealed class PublishSizeLimit(MqttSettings mqtt, HttpSettings http)
{
    /// <summary>Why <paramref name="message"/> from <paramref name="principal"/> is too large, or null when it is not.</summary>
    public string? Refusal(MqttPrincipal principal, MqttApplicationMessage message)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(message);
        if (principal.Kind == MqttPrincipalKind.Adapter) return null;
        var limit = principal.Kind == MqttPrincipalKind.Hub ? mqtt.MaxHubPacketBytes : mqtt.MaxPacketBytes;
        var size = SizeOf(message);
        if (size > limit) return $"packet of about {size} bytes exceeds {limit}";
        if (principal.Kind == MqttPrincipalKind.User && TopicAuthorization.RequestsTopicUser(message.Topic ?? "") is not null
            && message.Payload.Length > http.MaxRequestBodyBytes)
            return $"DUIS request of {message.Payload.Length} bytes exceeds {http.MaxRequestBodyBytes}";
        return null;
    }

    /// <summary>
    /// The bytes a publish carries: topic, payload and the variable-length properties (user properties, correlation
    /// data, response topic, content type). A lower bound of its packet size, within a few dozen bytes.
    /// </summary>
    public static long SizeOf(MqttApplicationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        long size = message.Payload.Length + Utf8(message.Topic) + Utf8(message.ResponseTopic) + Utf8(message.ContentType)
            + (message.CorrelationData?.Length ?? 0);
        foreach (var property in message.UserProperties ?? []) size += Utf8(property.Name) + property.ValueBuffer.Length;
        return size;
    }

    private static int Utf8(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);
}
