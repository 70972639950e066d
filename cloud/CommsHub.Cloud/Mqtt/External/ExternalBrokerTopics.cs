using CommsHub.Cloud.Mqtt.Inbound;
using CommsHub.Protocol.Wan;

namespace CommsHub.Cloud.Mqtt.External;

/// <summary>The filters the adapter subscribes to on an external broker, and what a received topic is.</summary>
public static class ExternalBrokerTopics
{
    /// <summary>Every hub's up frames.</summary>
    public const string HubUpFilter = "chub/+/up";

    /// <summary>Every hub's status (retained; the last will sets it offline).</summary>
    public const string HubStatusFilter = "chub/+/status";

    /// <summary>Every user's requests.</summary>
    public const string UserRequestsFilter = TopicAuthorization.UsersRoot + "+/requests";

    /// <summary>The MQTT 5 shared-subscription form of <paramref name="filter"/> for <paramref name="group"/>.</summary>
    public static string Shared(string group, string filter) => $"$share/{group}/{filter}";

    /// <summary>
    /// The filters for share group <paramref name="group"/>: up frames and requests shared (each goes to one instance of the
    /// group), statuses not (every instance needs every hub's presence).
    /// </summary>
    public static IReadOnlyList<string> Filters(string group) =>
        [Shared(group, HubUpFilter), Shared(group, UserRequestsFilter), HubStatusFilter];

    /// <summary>What a publish on <paramref name="topic"/> is for the adapter, and whose; null when it is none of its business.</summary>
    public static (MqttInboundKind Kind, ulong Eui)? Classify(string topic)
    {
        switch (WanTopics.Classify(topic, out var hub))
        {
            case WanTopicKind.Up: return (MqttInboundKind.HubUp, hub);
            case WanTopicKind.Status: return (MqttInboundKind.HubStatus, hub);
        }
        return TopicAuthorization.RequestsTopicUser(topic) is { } user ? (MqttInboundKind.UserRequest, user) : null;
    }

    /// <summary>The user whose responses topic <paramref name="topic"/> is, or null.</summary>
    public static ulong? ResponsesTopicUser(string topic)
    {
        const string Suffix = "/responses";
        if (!topic.StartsWith(TopicAuthorization.UsersRoot, StringComparison.Ordinal) || !topic.EndsWith(Suffix, StringComparison.Ordinal)) return null;
        var eui = topic[TopicAuthorization.UsersRoot.Length..^Suffix.Length];
        return TopicAuthorization.TryParseContractEui(eui, out var value) ? value : null;
    }
}
