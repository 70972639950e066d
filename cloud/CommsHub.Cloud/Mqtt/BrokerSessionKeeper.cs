using MQTTnet.Server;

namespace CommsHub.Cloud.Mqtt;

/// <summary>
/// Which sessions the embedded broker keeps after their connection ends, and for how long. MQTTnet's persistent
/// sessions keep every session whose client asked for it (clean start false; MQTT 5 with a Session Expiry Interval) and
/// expire one only when a client reconnects under its id: a session nobody comes back for would stay in memory for good.
/// So the broker runs its sessions through this:
/// <list type="bullet">
/// <item>a hub's own connection (client id = its EUI) has its session kept for <see cref="HubExpiry"/>, or the hub's
/// own Session Expiry Interval if shorter: the commands it has not acknowledged (in flight when the connection dropped,
/// or left by a full inbox) are delivered when it reconnects. One such session per hub account, so a fleet's kept
/// sessions are bounded by the accounts in <c>mqtt/credentials.json</c>;</item>
/// <item>every other session ends with its connection (<see cref="ConnectionEndedAsync"/>): users, whose outcomes wait in
/// the adapter's durable outbox (<c>UserOutbox</c>) and are sent again when they subscribe, so a kept session would only
/// add a second copy and memory; second connections of a hub (<c>EUI-suffix</c>), whose number a hub's credentials
/// could grow without bound; the adapter's account;</item>
/// <item>a sweep (<see cref="SweepAsync"/>, every <see cref="SweepInterval"/>) removes the kept sessions past their time,
/// and any other disconnected session the end-of-connection removal missed.</item>
/// </list>
/// MQTTnet 5.2 cannot force clean start on a client (its <c>ValidatingConnectionEventArgs.CleanSession</c> is read-only),
/// so a session not to be kept is deleted as its connection ends. Sessions live in the adapter's memory: none survives
/// its restart (which is what the start-up grace, <c>Dispatch:HubReconnectGraceSeconds</c>, is for).
/// </summary>
public sealed class BrokerSessionKeeper(TimeSpan hubExpiry, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The longest a hub's session is kept after its connection ends.</summary>
    public TimeSpan HubExpiry { get; } = hubExpiry >= TimeSpan.Zero ? hubExpiry : throw new ArgumentOutOfRangeException(nameof(hubExpiry));

    /// <summary>How often <see cref="SweepAsync"/> should run: a quarter of <see cref="HubExpiry"/>, between 1 s and 60 s.</summary>
    public TimeSpan SweepInterval => TimeSpan.FromTicks(Math.Clamp(HubExpiry.Ticks / 4, TimeSpan.TicksPerSecond, 60 * TimeSpan.TicksPerSecond));

    /// <summary>
    /// Whether the session of <paramref name="clientId"/>, which authenticated as <paramref name="principal"/>, may outlive
    /// its connection: only a hub's own (client id = its EUI), and only when <see cref="HubExpiry"/> is above zero.
    /// </summary>
    public bool Keeps(MqttPrincipal? principal, string clientId) =>
        HubExpiry > TimeSpan.Zero && principal is { Kind: MqttPrincipalKind.Hub } hub && clientId == hub.EuiText;

    /// <summary>
    /// How long a kept session is kept after its connection ends: <see cref="HubExpiry"/>, or the Session Expiry Interval
    /// its client asked for if shorter (0, as an MQTT 3.1.1 client sends, and 0xFFFFFFFF, "never", leave the cap).
    /// </summary>
    public TimeSpan KeptFor(uint clientExpirySeconds) =>
        clientExpirySeconds is 0 or uint.MaxValue || TimeSpan.FromSeconds(clientExpirySeconds) >= HubExpiry
            ? HubExpiry
            : TimeSpan.FromSeconds(clientExpirySeconds);

    /// <summary>
    /// The connection of <paramref name="clientId"/> ended (not taken over): deletes its session now unless it is to be
    /// kept. True when a session was deleted.
    /// </summary>
    public async Task<bool> ConnectionEndedAsync(MqttServer server, MqttPrincipal? principal, string clientId)
    {
        if (Keeps(principal, clientId)) return false;
        MqttSessionStatus session;
        try
        {
            session = await server.GetSessionAsync(clientId).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            return false; // MQTTnet did not keep it (clean start, or no expiry asked for)
        }
        return await DeleteIfDisconnectedAsync(session).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes every disconnected session that is not to be kept, or has been kept past <see cref="KeptFor"/>. Returns
    /// how many it deleted.
    /// </summary>
    public async Task<int> SweepAsync(MqttServer server)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        int deleted = 0;
        foreach (var session in await server.GetSessionsAsync().ConfigureAwait(false))
        {
            if (session.DisconnectedTimestamp is not { } gone) continue;
            var principal = session.Items?[MqttPrincipal.SessionKey] as MqttPrincipal;
            if (Keeps(principal, session.Id) && now - gone < KeptFor(session.ExpiryInterval)) continue;
            if (await DeleteIfDisconnectedAsync(session).ConfigureAwait(false)) deleted++;
        }
        return deleted;
    }

    // MQTTnet's delete also stops a connection that holds the id: look again just before, so a client that has come back
    // in the meantime keeps its session. (A reconnect in the microseconds between the two is ended and reconnects; the
    // sessions deleted here hold nothing that is not kept elsewhere, or are past their time.)
    private static async Task<bool> DeleteIfDisconnectedAsync(MqttSessionStatus session)
    {
        if (session.DisconnectedTimestamp is null) return false;
        await session.DeleteAsync().ConfigureAwait(false);
        return true;
    }
}
