using System.Collections.Concurrent;
using System.Text.Json;
using CommsHub.Protocol.Wan;

namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// Hub presence from the retained <c>chub/{hub}/status</c> JSON (the hub publishes <c>{"state":"online",...}</c>, its
/// last will sets <c>"offline"</c>) and from broker connect/disconnect notifications. It is not kept in the database:
/// the retained status is redelivered to every instance that subscribes, so each instance rebuilds it on start.
/// <para>
/// A hub never heard of depends on the broker. An external broker keeps a QoS 1 message for the hub's persistent
/// session across the adapter's restart, so such a hub counts as online (the default constructor). The embedded broker
/// lives in the adapter's process: after a restart no hub has a session until it reconnects, and a command published
/// meanwhile reaches nobody. So with a start-up grace (<see cref="HubPresence(TimeSpan, TimeProvider?)"/>) a hub not seen
/// since this instance was created is <em>awaited</em> for that long (<see cref="AwaitedFor"/>: not online, requests held)
/// and offline after it; its first online status raises <see cref="Reconnected"/>, which releases what was held.
/// </para>
/// Thread-safe.
/// </summary>
public sealed class HubPresence : IHubPresence
{
    private readonly ConcurrentDictionary<ulong, bool> _online = new();
    // When each hub last went from offline (or awaited) to online, on this instance's clock.
    private readonly ConcurrentDictionary<ulong, DateTimeOffset> _onlineSince = new();
    private readonly TimeProvider _time;
    // Wall-clock, like the requests' deadlines the remaining grace is added to.
    private readonly DateTimeOffset _started;
    // Null: hubs never heard of count as online (external broker).
    private readonly TimeSpan? _grace;

    /// <summary>Presence where hubs never heard of count as online (an external broker keeps their sessions).</summary>
    public HubPresence()
    {
        _time = TimeProvider.System;
    }

    /// <summary>
    /// Presence where a hub not seen since now is awaited for <paramref name="startupGrace"/> and offline after it (the
    /// embedded broker, which has no session for any hub until it reconnects). Zero: such hubs are offline at once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="startupGrace"/> is negative.</exception>
    public HubPresence(TimeSpan startupGrace, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(startupGrace, TimeSpan.Zero);
        _time = time ?? TimeProvider.System;
        _started = _time.GetUtcNow();
        _grace = startupGrace;
    }

    /// <summary>Raised when a hub goes from offline (or awaited) to online (the sweeper releases its held requests).</summary>
    public event Action<ulong>? Reconnected;

    /// <inheritdoc />
    public bool IsOnline(ulong hub) => _online.TryGetValue(hub, out var online) ? online : _grace is null;

    /// <inheritdoc />
    public TimeSpan AwaitedFor(ulong hub)
    {
        if (_grace is not { } grace || _online.ContainsKey(hub)) return TimeSpan.Zero;
        var left = _started + grace - _time.GetUtcNow();
        // Clamped both ways: a wall clock set back must not make the wait longer than the grace.
        return left <= TimeSpan.Zero ? TimeSpan.Zero : left > grace ? grace : left;
    }

    /// <inheritdoc />
    public DateTimeOffset OnlineSince(ulong hub) => _onlineSince.TryGetValue(hub, out var since) ? since : DateTimeOffset.MinValue;

    /// <summary>Records a broker notification (client connected or disconnected) for <paramref name="hub"/>.</summary>
    public void Set(ulong hub, bool online)
    {
        var was = IsOnline(hub);
        // Before the hub reads as online, so whoever sees it online sees since when.
        if (online && !was) _onlineSince[hub] = _time.GetUtcNow();
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
