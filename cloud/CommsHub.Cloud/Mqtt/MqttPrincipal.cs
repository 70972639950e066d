namespace CommsHub.Cloud.Mqtt;

/// <summary>What kind of party an MQTT connection authenticated as.</summary>
public enum MqttPrincipalKind
{
    /// <summary>The adapter itself (or an operator tool holding the adapter secret): may do everything.</summary>
    Adapter,
    /// <summary>A comms hub, named by its CHF EUI.</summary>
    Hub,
    /// <summary>A DCC User, named by its User ID.</summary>
    User,
}

/// <summary>An authenticated MQTT party; carried in the MQTTnet session items from CONNECT to every later packet.</summary>
/// <param name="Kind">Adapter, hub or user.</param>
/// <param name="Eui">The hub's or user's EUI-64; 0 for the adapter.</param>
public sealed record MqttPrincipal(MqttPrincipalKind Kind, ulong Eui)
{
    /// <summary>The session-items key the principal is stored under.</summary>
    public const string SessionKey = "commshub.principal";

    /// <summary>The adapter's own principal, used for messages it injects.</summary>
    public static MqttPrincipal Adapter { get; } = new(MqttPrincipalKind.Adapter, 0);

    /// <summary>The EUI as the topics write it (16 upper-case hex digits).</summary>
    public string EuiText => CommsHub.Protocol.Encoding.Eui64.ToText(Eui);

    /// <inheritdoc/>
    public override string ToString() => Kind == MqttPrincipalKind.Adapter ? "adapter" : $"{Kind.ToString().ToLowerInvariant()} {EuiText}";
}
