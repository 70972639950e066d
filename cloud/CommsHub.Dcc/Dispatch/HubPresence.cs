using System.Collections.Concurrent;
using System.Text.Json;
using CommsHub.Protocol.Wan;

namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// Hub presence from the retained <c>chub/{hub}/status</c> JSON (the hub publishes <c>{"state":"online",...}</c>, its
/// last will sets <c>"offline"</c>) and from broker connect/disconnect notifications. It is not kept in the database:
/// the retained status is redelivered to every instance that subscribes, so each instance rebuilds it on start. Hubs
/// never heard of count as online, because the broker keeps a QoS 1 message for a persistent session anyway.
/// Thread-safe.
/// </summary>
public sealed class HubPresence : IHubPresence
{
    private readonly ConcurrentDictionary<ulong, bool> _online = new();

    /// <summary>Raised when a hub goes from offline to online (the queued-mode sweeper releases its requests).</summary>
    public event Action<ulong>? Reconnected;

    /// <inheritdoc />
    public bool IsOnline(ulong hub) => !_online.TryGetValue(hub, out var online) || online;

    /// <summary>Records a broker notification (client connected or disconnected) for <paramref name="hub"/>.</summary>
    public void Set(ulong hub, bool online)
    {
        var was = IsOnline(hub);
        _online[hub] = online;
        if (online && !was) Reconnected?.Invoke(hub);
    }

    /// <summary>
    /// Handles a message on <c>chub/{hub}/status</c>. Reads <c>state</c> (or <c>status</c>, or boolean <c>online</c>);
    /// an empty payload (retained status cleared) means offline. Returns false when the topic or JSON is not a status.
    /// </summary>
    public bool HandleStatus(string topic, ReadOnlySpan<byte> payload)
    {
        if (WanTopics.Classify(topic, out var hub) != WanTopicKind.Status) return false;
        if (payload.IsEmpty) { Set(hub, false); return true; }
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            bool? online = null;
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "state", "status" })
                    if (root.TryGetProperty(name, out var s) && s.ValueKind == JsonValueKind.String)
                        online = string.Equals(s.GetString(), "online", StringComparison.OrdinalIgnoreCase);
                if (online is null && root.TryGetProperty("online", out var b) && b.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    online = b.GetBoolean();
            }
            if (online is not { } value) return false;
            Set(hub, value);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
