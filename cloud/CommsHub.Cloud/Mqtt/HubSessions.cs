using CommsHub.Dcc.Dispatch;
using CommsHub.Protocol.Wan;

namespace CommsHub.Cloud.Mqtt;

/// <summary>
/// The broker connections each hub has, and which of them speak for its presence. A hub's credentials may be used by
/// more than one connection at once (client ids <c>EUI</c> and <c>EUI-suffix</c>), so a connection's end or its will
/// says only that this connection is gone, not that the hub is:
/// <list type="bullet">
/// <item>a connection that published an online status is an <em>announcer</em>;</item>
/// <item>the hub is offline when its last announcer leaves (offline status, will, or disconnect), or when no connection
/// of it remains at all;</item>
/// <item>an offline status from a connection that is not an announcer, while an announcer remains, is not the hub's
/// (for example the will of a second session that broke off): it is ignored;</item>
/// <item>a connection taken over by a new one with the same client id is not a departure: MQTTnet reports the old
/// connection's end after the new one is in place, and the new one keeps the client id (and announces again).</item>
/// </list>
/// Thread-safe.
/// </summary>
public sealed class HubSessions
{
    private readonly Lock _sync = new();
    private readonly Dictionary<ulong, Hub> _hubs = [];

    /// <summary>A connection of <paramref name="hub"/> with <paramref name="clientId"/> is up.</summary>
    public void Connected(ulong hub, string clientId)
    {
        lock (_sync) Of(hub).Connections.Add(clientId);
    }

    /// <summary>
    /// The connection with <paramref name="clientId"/> ended (<paramref name="takenOver"/>: replaced by a new connection
    /// with the same id). True when the hub is now to be marked offline.
    /// </summary>
    public bool Disconnected(ulong hub, string clientId, bool takenOver)
    {
        if (takenOver) return false;
        lock (_sync)
        {
            var state = Of(hub);
            state.Connections.Remove(clientId);
            var announced = state.Announcers.Remove(clientId);
            var offline = state.Connections.Count == 0 || (announced && state.Announcers.Count == 0);
            if (state.Connections.Count == 0) _hubs.Remove(hub);
            return offline;
        }
    }

    /// <summary>
    /// The connection with <paramref name="clientId"/> published a status saying <paramref name="online"/>. True when
    /// it speaks for the hub's presence (and should be applied and retained), false when it is to be ignored.
    /// </summary>
    public bool StatusApplies(ulong hub, string clientId, bool online)
    {
        lock (_sync)
        {
            var state = Of(hub);
            if (online)
            {
                state.Announcers.Add(clientId);
                return true;
            }
            state.Announcers.Remove(clientId);
            return state.Announcers.Count == 0;
        }
    }

    /// <summary>The client ids of the connections <paramref name="hub"/> has now, in order.</summary>
    public IReadOnlyList<string> ConnectionsOf(ulong hub)
    {
        lock (_sync) return _hubs.TryGetValue(hub, out var state) ? state.Connections.Order(StringComparer.Ordinal).ToList() : [];
    }

    /// <summary>
    /// What a <c>chub/{EUI}/status</c> payload says: true online, false offline, null when it is not a status. Read by
    /// <see cref="HubPresence"/>'s own rules (a scratch instance), so the two never disagree on the format.
    /// </summary>
    public static bool? ReadStatus(string topic, ReadOnlySpan<byte> payload)
    {
        var reading = new HubPresence();
        if (!reading.HandleStatus(topic, payload) || WanTopics.Classify(topic, out var hub) != WanTopicKind.Status) return null;
        return reading.IsOnline(hub);
    }

    private Hub Of(ulong hub)
    {
        if (!_hubs.TryGetValue(hub, out var state)) _hubs[hub] = state = new Hub();
        return state;
    }

    private sealed class Hub
    {
        public HashSet<string> Connections { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Announcers { get; } = new(StringComparer.Ordinal);
    }
}
