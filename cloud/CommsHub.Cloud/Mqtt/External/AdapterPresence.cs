using System.Text;

namespace CommsHub.Cloud.Mqtt.External;

/// <summary>
/// Adapter instances' presence on an external broker: each instance keeps a retained <c>online</c> on
/// <c>dcc/adapters/{client id}/status</c> while it is connected, and its last will (or a clean stop) sets it to
/// <c>offline</c>. The instances read each other's so that one of them can take over a dead instance's session
/// (<see cref="PeerSessionAdoption"/>). Only adapter accounts may use these topics (the ACL grants them to no one else).
/// </summary>
public static class AdapterPresence
{
    /// <summary>The root of the presence topics.</summary>
    public const string Root = "dcc/adapters/";

    /// <summary>Every instance's presence.</summary>
    public const string Filter = Root + "+/status";

    /// <summary>The payload of an instance that is connected.</summary>
    public static readonly byte[] Online = Encoding.ASCII.GetBytes("online");

    /// <summary>The payload of an instance that is gone (last will, or a clean stop).</summary>
    public static readonly byte[] Offline = Encoding.ASCII.GetBytes("offline");

    /// <summary>The presence topic of the instance with MQTT client id <paramref name="clientId"/>.</summary>
    public static string Topic(string clientId) => Root + clientId + "/status";

    /// <summary>
    /// True when a client id can name a presence topic: no topic separator or wildcard in it. Others take no part in
    /// adoption (validation says so at start).
    /// </summary>
    public static bool Usable(string clientId) => clientId.Length > 0 && clientId.IndexOfAny(['/', '+', '#']) < 0;

    /// <summary>Reads a presence publish: the instance's client id and whether it is online; null when the topic is not one.</summary>
    public static (string ClientId, bool Online)? Read(string topic, ReadOnlySpan<byte> payload)
    {
        const string Suffix = "/status";
        if (!topic.StartsWith(Root, StringComparison.Ordinal) || !topic.EndsWith(Suffix, StringComparison.Ordinal)) return null;
        var id = topic[Root.Length..^Suffix.Length];
        if (!Usable(id)) return null;
        // Anything but "online" (an empty retained message clears it, too) counts as gone.
        return (id, payload.SequenceEqual(Online));
    }
}
