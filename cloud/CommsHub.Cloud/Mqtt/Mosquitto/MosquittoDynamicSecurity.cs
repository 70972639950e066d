using System.Text.Json;
using CommsHub.Cloud.Mqtt.External;

namespace CommsHub.Cloud.Mqtt.Mosquitto;

/// <summary>
/// The configuration file of Mosquitto's dynamic security plugin (<c>plugin_opt_config_file</c>, the format of
/// Mosquitto 2.0's <c>plugins/dynamic-security</c>) for DESIGN.md's authorisation rules, the ones
/// <see cref="TopicAuthorization"/> enforces in the embedded broker. Unlike <c>acl_file</c>, which grants every
/// subscription and filters at delivery, the plugin checks a SUBSCRIBE against the client's roles and refuses it (SUBACK
/// Not authorized) when none grants it. So a subscription that matches <c>dcc/users/E/responses</c> can only be user E's
/// own or the adapter's, and a QoS 1 publish's PUBACK Success on that topic means E's session took it.
/// <list type="bullet">
/// <item>every account is a client with Mosquitto's PBKDF2-SHA512 hash (<see cref="MosquittoPasswordHash"/>: 12-byte
/// salt, 64-byte hash, the iteration count <c>mosquitto_passwd</c> uses), never the password itself;</item>
/// <item>hub E (role <c>hub-E</c>): publish <c>chub/E/up</c>, <c>chub/E/status</c>; subscribe to and receive exactly
/// <c>chub/E/down</c>;</item>
/// <item>user E (role <c>user-E</c>): publish <c>dcc/users/E/requests</c>; subscribe to and receive exactly
/// <c>dcc/users/E/responses</c>;</item>
/// <item>a hub or user may connect only with its username as its client id, so no account can take over another's
/// session (and drop what is queued in it);</item>
/// <item>the adapter (role <c>adapter</c>): exactly what the adapter uses (<see cref="ExternalBrokerTopics"/>): subscribe
/// to its shared subscriptions <c>$share/+/chub/+/up</c> and <c>$share/+/dcc/users/+/requests</c> (Mosquitto 2.0.11 checks
/// a shared subscription against its whole filter, <c>$share/group/</c> included), <c>chub/+/status</c> and
/// <c>dcc/adapters/+/status</c>, and receive on those topics; publish <c>chub/+/down</c>, <c>dcc/users/+/responses</c> and
/// its presence <c>dcc/adapters/+/status</c>. Not users' responses: a client of the adapter's account (a monitoring tool,
/// a stolen credential) subscribed there would read every user's traffic and make an absent user's outcome count as
/// taken. It may not publish to <c>$CONTROL/dynamic-security/v1</c>; only the admin account below administers the plugin.</item>
/// </list>
/// With an admin secret, also <see cref="MosquittoDynsecAdmin"/>'s account and role: the only one allowed to send the
/// plugin commands, for <c>commshub broker mosquitto-sync</c>.
/// Everything else is denied (<c>defaultACLAccess</c> false; unsubscribing is allowed, it reaches nothing). The 2.0
/// plugin has no <c>%u</c> substitution in its ACLs, so each hub and user has its own role: two objects per account.
/// </summary>
public static class MosquittoDynamicSecurity
{
    /// <summary>Where Debian's and the source build's packages put the plugin, first found wins.</summary>
    public static readonly IReadOnlyList<string> PluginLocations =
    [
        "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so",
        "/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so",
        "/usr/lib/mosquitto_dynamic_security.so",
        "/usr/local/lib/mosquitto_dynamic_security.so",
    ];

    /// <summary>The installed plugin, else the path Debian's amd64 package uses (Mosquitto then says it cannot load it).</summary>
    public static string FindPlugin() => PluginLocations.FirstOrDefault(File.Exists) ?? PluginLocations[0];

    /// <summary>The role that grants <paramref name="entry"/> its topics.</summary>
    public static string RoleOf(MqttCredentials.Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Kind switch
        {
            MqttPrincipalKind.Adapter => "adapter",
            MqttPrincipalKind.Hub => "hub-" + entry.Username,
            MqttPrincipalKind.User => "user-" + entry.Username,
            _ => throw new ArgumentOutOfRangeException(nameof(entry), entry.Kind, "no role for this kind of account"),
        };
    }

    /// <summary>The plugin's text name of <paramref name="entry"/>'s client: its kind (how mosquitto-sync tells CommsHub's accounts from others).</summary>
    public static string TextNameOf(MqttCredentials.Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Kind.ToString().ToLowerInvariant();
    }

    /// <summary>
    /// The client id <paramref name="entry"/>'s account is tied to, or null. Mosquitto does not tie a client id to its
    /// account: another account connecting under a hub's or user's id takes over that session, and the messages queued in
    /// it (outcomes the adapter counted as taken) fail the new account's receive ACL and are dropped. So a hub or user may
    /// connect only under its own username. The adapter's instances (and the peer sessions they adopt) need several ids;
    /// only the adapter knows its secret.
    /// </summary>
    public static string? ClientIdOf(MqttCredentials.Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Kind is MqttPrincipalKind.Hub or MqttPrincipalKind.User ? entry.Username : null;
    }

    /// <summary>The ACL entries of <paramref name="entry"/>'s role: (acltype, topic), each an allow.</summary>
    public static IReadOnlyList<(string AclType, string Topic)> Acls(MqttCredentials.Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        switch (entry.Kind)
        {
            case MqttPrincipalKind.Adapter:
                return
                [
                    .. ExternalBrokerTopics.AccountSubscriptions.Select(t => ("subscribePattern", t)),
                    .. ExternalBrokerTopics.AccountReceives.Select(t => ("publishClientReceive", t)),
                    .. ExternalBrokerTopics.AccountPublishes.Select(t => ("publishClientSend", t)),
                ];
            case MqttPrincipalKind.Hub:
                var down = $"chub/{entry.Username}/down";
                return [("publishClientSend", $"chub/{entry.Username}/up"), ("publishClientSend", $"chub/{entry.Username}/status"),
                    ("subscribeLiteral", down), ("publishClientReceive", down)];
            case MqttPrincipalKind.User:
                var responses = $"{TopicAuthorization.UsersRoot}{entry.Username}/responses";
                return [("publishClientSend", $"{TopicAuthorization.UsersRoot}{entry.Username}/requests"),
                    ("subscribeLiteral", responses), ("publishClientReceive", responses)];
            default:
                throw new ArgumentOutOfRangeException(nameof(entry), entry.Kind, "no ACL for this kind of account");
        }
    }

    /// <summary>
    /// Writes the plugin's JSON for <paramref name="entries"/> to <paramref name="output"/> (hashing each secret), with
    /// <see cref="MosquittoDynsecAdmin"/>'s account when <paramref name="adminSecret"/> is given.
    /// </summary>
    public static void Write(Stream output, IEnumerable<MqttCredentials.Entry> entries, string? adminSecret = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries.ToList();
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteStartObject("defaultACLAccess");
        json.WriteBoolean("publishClientSend", false);
        json.WriteBoolean("publishClientReceive", false);
        json.WriteBoolean("subscribe", false);
        json.WriteBoolean("unsubscribe", true);
        json.WriteEndObject();

        json.WriteStartArray("clients");
        void Client(string username, string textname, string secret, string? clientId, string role)
        {
            var (salt, hash) = MosquittoPasswordHash.Derive(secret);
            json.WriteStartObject();
            json.WriteString("username", username);
            json.WriteString("textname", textname);
            json.WriteString("password", Convert.ToBase64String(hash));
            json.WriteString("salt", Convert.ToBase64String(salt));
            json.WriteNumber("iterations", MosquittoPasswordHash.Iterations);
            if (clientId is not null) json.WriteString("clientid", clientId);
            json.WriteStartArray("roles");
            json.WriteStartObject();
            json.WriteString("rolename", role);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.Flush();
        }
        foreach (var entry in list) Client(entry.Username, TextNameOf(entry), entry.Secret, ClientIdOf(entry), RoleOf(entry));
        if (adminSecret is not null) Client(MosquittoDynsecAdmin.Username, "admin", adminSecret, MosquittoDynsecAdmin.Username, MosquittoDynsecAdmin.Role);
        json.WriteEndArray();

        json.WriteStartArray("groups");
        json.WriteEndArray();

        json.WriteStartArray("roles");
        var roles = list.Select(e => (RoleOf(e), Acls(e))).ToList();
        if (adminSecret is not null) roles.Add((MosquittoDynsecAdmin.Role, MosquittoDynsecAdmin.Acls));
        foreach (var (role, acls) in roles)
        {
            json.WriteStartObject();
            json.WriteString("rolename", role);
            json.WriteStartArray("acls");
            foreach (var (type, topic) in acls)
            {
                json.WriteStartObject();
                json.WriteString("acltype", type);
                json.WriteString("topic", topic);
                json.WriteNumber("priority", 0);
                json.WriteBoolean("allow", true);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
