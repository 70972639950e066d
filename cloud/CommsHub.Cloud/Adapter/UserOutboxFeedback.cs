using System.Buffers;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Dispatch;

namespace CommsHub.Cloud.Adapter;

/// <summary>
/// What the embedded broker reports about users' clients, turned into <see cref="UserOutbox"/> events: a PUBACK of a
/// publish on the user's own responses topic means the user has taken that message; a subscription by a user makes what
/// waits for it due at once. Only the user's own session counts: an operator tool holding the adapter secret that reads
/// <c>dcc/users/+/responses</c> does not take anything on a user's behalf.
/// </summary>
/// <param name="outbox">The outbox.</param>
/// <param name="logger">Where failures are logged.</param>
/// <param name="acknowledgements">When given, acknowledgements are queued there and written in batches (the host);
/// when null, each is written at once (tests).</param>
public sealed partial class UserOutboxFeedback(UserOutbox outbox, ILogger<UserOutboxFeedback> logger, OutboxAcknowledgements? acknowledgements = null)
{
    /// <summary>A client acknowledged a publish (QoS 1 PUBACK).</summary>
    public void Acknowledged(MqttPrincipal? principal, string topic, ReadOnlySequence<byte> payload)
    {
        if (principal is not { Kind: MqttPrincipalKind.User } user) return;
        Acknowledged(user.Eui, topic, payload.ToArray());
    }

    /// <summary>
    /// User <paramref name="user"/>'s side took a publish on <paramref name="topic"/> (its client's PUBACK, or an external
    /// broker's PUBACK that matched the user's subscription); only its own responses topic counts.
    /// </summary>
    public void Acknowledged(ulong user, string topic, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (topic != TopicAuthorization.UserResponses(user)) return;
        // Queued for the next commit that carries them (a round of response finishes, or the batcher's own within its
        // bound), off the user's lane; written here only without a batcher, or once it has stopped. A PUBACK of what the
        // outbox does not hold (the synchronous I99) is matched in memory and costs no statement either way.
        if (acknowledgements?.TryEnqueue(user, payload) == true) return;
        try
        {
            outbox.Acknowledged(user, payload);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException or IOException)
        {
            // The message stays in the outbox and is sent again: a repeat, never a loss.
            LogAckFailed(ex, CommsHub.Protocol.Encoding.Eui64.ToText(user));
        }
    }

    /// <summary>A client's subscription was accepted.</summary>
    public void Subscribed(MqttPrincipal? principal)
    {
        if (principal is { Kind: MqttPrincipalKind.User } user) Subscribed(user.Eui);
    }

    /// <summary>A client of user <paramref name="user"/> subscribed: what waits for it is due at once.</summary>
    public void Subscribed(ulong user)
    {
        try
        {
            var waiting = outbox.Wake(user);
            if (waiting > 0) LogWoken(CommsHub.Protocol.Encoding.Eui64.ToText(user), waiting);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException or IOException)
        {
            LogWakeFailed(ex, CommsHub.Protocol.Encoding.Eui64.ToText(user));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "outbox: user {User} subscribed; {Count} waiting outcome(s) sent now")]
    private partial void LogWoken(string user, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "outbox: the PUBACK of user {User} could not be recorded; the message will be sent again")]
    private partial void LogAckFailed(Exception ex, string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "outbox: the subscription of user {User} could not wake its waiting outcomes; they go at their next retry")]
    private partial void LogWakeFailed(Exception ex, string user);
}
