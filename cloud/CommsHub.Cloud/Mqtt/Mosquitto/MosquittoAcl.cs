using System.Text;
using CommsHub.Cloud.Mqtt.External;

namespace CommsHub.Cloud.Mqtt.Mosquitto;

/// <summary>
/// The Mosquitto ACL file for DESIGN.md's authorisation rules (the same rules <see cref="TopicAuthorization"/> enforces in
/// the embedded broker), one <c>user</c> block per account with exact topics only:
/// <list type="bullet">
/// <item>hub E: write <c>chub/E/up</c> and <c>chub/E/status</c>, read <c>chub/E/down</c>;</item>
/// <item>user E: write <c>dcc/users/E/requests</c>, read <c>dcc/users/E/responses</c>;</item>
/// <item>adapter: read what the adapter reads (hubs' up and status, users' requests, its instances' presence), write what
/// it writes (hubs' down, users' responses, its presence): not users' responses, which a client of its account
/// subscribed to <c>#</c> would otherwise read.</item>
/// </list>
/// Mosquitto denies whatever no line grants, so a hub cannot read another hub's <c>down</c> nor a user another's responses.
/// Written only with <see cref="MosquittoAccessControl.AclFile"/>: Mosquitto 2.0 checks these lines at delivery only and
/// grants every subscription, so a denied subscription still matches and a publish to an absent user's responses gets
/// PUBACK Success (<see cref="MosquittoDynamicSecurity"/>, the default, refuses it).
/// </summary>
public static class MosquittoAcl
{
    /// <summary>The ACL text for <paramref name="entries"/>.</summary>
    public static string For(IEnumerable<MqttCredentials.Entry> entries)
    {
        var text = new StringBuilder("# CommsHub: DESIGN.md authorisation rules (written by `commshub broker mosquitto-config`)\n");
        foreach (var entry in entries)
        {
            text.Append('\n').Append("user ").Append(entry.Username).Append('\n');
            foreach (var (access, topic) in Grants(entry)) text.Append("topic ").Append(access).Append(' ').Append(topic).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>What one account may do: (read|write|readwrite, topic) pairs.</summary>
    public static IEnumerable<(string Access, string Topic)> Grants(MqttCredentials.Entry entry) => entry.Kind switch
    {
        // Mosquitto 2.0 checks these at delivery, against the message's topic: a shared subscription needs no line of its own.
        MqttPrincipalKind.Adapter => [.. AdapterGrants()],
        MqttPrincipalKind.Hub => [("write", $"chub/{entry.Username}/up"), ("write", $"chub/{entry.Username}/status"), ("read", $"chub/{entry.Username}/down")],
        MqttPrincipalKind.User => [("write", $"{TopicAuthorization.UsersRoot}{entry.Username}/requests"), ("read", $"{TopicAuthorization.UsersRoot}{entry.Username}/responses")],
        _ => [],
    };

    // Read what it receives, write what it publishes; a topic in both (its presence) is one readwrite line.
    private static IEnumerable<(string Access, string Topic)> AdapterGrants()
    {
        var reads = ExternalBrokerTopics.AccountReceives;
        var writes = ExternalBrokerTopics.AccountPublishes;
        foreach (var topic in reads) yield return (writes.Contains(topic) ? "readwrite" : "read", topic);
        foreach (var topic in writes.Except(reads)) yield return ("write", topic);
    }
}
