using CommsHub.Protocol.Encoding;

namespace CommsHub.Cloud.Mqtt;

/// <summary>
/// The topic rules of DESIGN.md ("MQTT topics"), enforced by the embedded broker. Exact topics only for hubs and
/// users: a wildcard filter would reach other parties' topics, so any filter with <c>+</c> or <c>#</c> is refused.
/// <list type="bullet">
/// <item>hub E: publish <c>chub/E/up</c>, <c>chub/E/status</c>; subscribe <c>chub/E/down</c>.</item>
/// <item>user E: publish <c>dcc/users/E/requests</c>; subscribe <c>dcc/users/E/responses</c>.</item>
/// <item>adapter: anything.</item>
/// </list>
/// (<c>chub/E/ota/...</c> is not granted yet: the fleet issue defines that traffic.)
/// </summary>
public static class TopicAuthorization
{
    /// <summary>Prefix of user topics.</summary>
    public const string UsersRoot = "dcc/users/";

    /// <summary><c>dcc/users/{EUI}/requests</c>.</summary>
    public static string UserRequests(ulong user) => $"{UsersRoot}{Eui64.ToText(user)}/requests";

    /// <summary><c>dcc/users/{EUI}/responses</c>.</summary>
    public static string UserResponses(ulong user) => $"{UsersRoot}{Eui64.ToText(user)}/responses";

    /// <summary>May <paramref name="principal"/> publish to <paramref name="topic"/>?</summary>
    public static bool MayPublish(MqttPrincipal principal, string topic) => principal.Kind switch
    {
        MqttPrincipalKind.Adapter => true,
        MqttPrincipalKind.Hub => topic == Hub(principal.Eui, "up") || topic == Hub(principal.Eui, "status"),
        MqttPrincipalKind.User => topic == UserRequests(principal.Eui),
        _ => false,
    };

    /// <summary>May <paramref name="principal"/> subscribe to <paramref name="filter"/>?</summary>
    public static bool MaySubscribe(MqttPrincipal principal, string filter) => principal.Kind switch
    {
        MqttPrincipalKind.Adapter => true,
        MqttPrincipalKind.Hub => filter == Hub(principal.Eui, "down"),
        MqttPrincipalKind.User => filter == UserResponses(principal.Eui),
        _ => false,
    };

    /// <summary>The user whose requests topic <paramref name="topic"/> is, or null.</summary>
    public static ulong? RequestsTopicUser(string topic)
    {
        if (!topic.StartsWith(UsersRoot, StringComparison.Ordinal) || !topic.EndsWith("/requests", StringComparison.Ordinal)) return null;
        var eui = topic.Substring(UsersRoot.Length, topic.Length - UsersRoot.Length - "/requests".Length);
        return TryParseContractEui(eui, out var value) ? value : null;
    }

    /// <summary>Parses the contract form only: exactly 16 upper-case hex digits (so no two spellings name one party).</summary>
    public static bool TryParseContractEui(string? text, out ulong eui)
    {
        eui = 0;
        return text is { Length: 16 }
            && ulong.TryParse(text, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out eui)
            && Eui64.ToText(eui) == text;
    }

    private static string Hub(ulong hub, string kind) => $"chub/{Eui64.ToText(hub)}/{kind}";
}
