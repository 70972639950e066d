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

    /// <summary>Every hub's down (the adapter sends commands there).</summary>
    public const string HubDownFilter = "chub/+/down";

    /// <summary>Every user's responses (the adapter sends responses and alerts there).</summary>
    public const string UserResponsesFilter = TopicAuthorization.UsersRoot + "+/responses";

    /// <summary>
    /// What the adapter's broker account must be allowed to subscribe to, and no more (the generated Mosquitto set-up grants
    /// exactly these): its shared subscriptions in any share group (<c>+</c>: the group is derived or configured per
    /// deployment), every hub's status and the instances' presence. Not users' responses: a client of the adapter's
    /// account subscribed there would make an absent user's outcome count as taken.
    /// </summary>
    public static IReadOnlyList<string> AccountSubscriptions => [.. SharedFilters("+"), HubStatusFilter, AdapterPresence.Filter];

    /// <summary>The topics the adapter's account receives publishes on (what <see cref="AccountSubscriptions"/> deliver).</summary>
    public static IReadOnlyList<string> AccountReceives => [HubUpFilter, UserRequestsFilter, HubStatusFilter, AdapterPresence.Filter];

    /// <summary>The topics the adapter's account publishes on: commands, responses and alerts, its instances' presence (and last will).</summary>
    public static IReadOnlyList<string> AccountPublishes => [HubDownFilter, UserResponsesFilter, AdapterPresence.Filter];

    /// <summary>The share group earlier versions used when none was configured (public, so anyone could join it).</summary>
    public const string LegacyShareGroup = "dcc-adapter";

    /// <summary>
    /// The share group of a deployment whose adapter account has <paramref name="password"/>: every instance derives the same
    /// name, and without the password nobody can (a user who joins the group takes, and with an ACL that filters delivery
    /// drops, a share of the adapter's traffic).
    /// </summary>
    public static string SecretShareGroup(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("commshub share group\n" + password));
        return LegacyShareGroup + "-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>The shared filters alone (up frames and requests) of <paramref name="group"/>.</summary>
    public static IReadOnlyList<string> SharedFilters(string group) => [Shared(group, HubUpFilter), Shared(group, UserRequestsFilter)];

    /// <summary>The MQTT 5 shared-subscription form of <paramref name="filter"/> for <paramref name="group"/>.</summary>
    public static string Shared(string group, string filter) => $"$share/{group}/{filter}";

    /// <summary>
    /// The filters for share group <paramref name="group"/>: up frames and requests shared (each goes to one instance of the
    /// group), statuses not (every instance needs every hub's presence).
    /// </summary>
    public static IReadOnlyList<string> Filters(string group) =>
        [.. SharedFilters(group), HubStatusFilter];

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
