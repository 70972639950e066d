using System.Globalization;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Logging;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Storage;
using MQTTnet.Protocol;

namespace CommsHub.Cloud.Mqtt;

/// <summary>
/// DUIS requests published on <c>dcc/users/{EUI}/requests</c>: each goes through the same <see cref="DuisIntake"/> as
/// HTTP, while the broker holds its PUBACK, and its signed DUIS Response is published on <c>dcc/users/{EUI}/responses</c>
/// before the PUBACK is Success. So an acknowledged request is one whose decision is committed in the store (accepted and
/// persisted, or refused) and whose answer is on its way: a crash before that leaves it unacknowledged, and the user's
/// client sends it again. Input that gets no DUIS answer is refused in the PUBACK (MQTT has no status code to carry a
/// 4xx) and logged.
/// </summary>
/// <remarks>A resend (the DUP flag: the client never got our PUBACK, e.g. the adapter was killed after the commit) of a
/// request already accepted and kept by this user is acknowledged again without a second answer: the first copy's
/// outcome reaches the user through the outbox, and an E1 for the copy would give one request two answers.
/// The broker calls this on the publishing client's own packet loop, so a client's requests are decided in the
/// order it sent them; requests of several clients meet in the <see cref="DecisionBatcher"/> and share store commits.</remarks>
public sealed partial class MqttDuisRequests(DuisIntake intake, IMqttPublisher publisher, IDccStore store, ILogger<MqttDuisRequests> logger)
{
    /// <summary>Decides one request and answers it; returns the PUBACK reason code.</summary>
    /// <param name="user">The authenticated user the requests topic belongs to.</param>
    /// <param name="payload">The DUIS XML bytes.</param>
    /// <param name="resend">The publish carries the DUP flag (the client is sending it again).</param>
    /// <param name="cancellationToken">The publishing client's connection.</param>
    public Task<MqttPubAckReasonCode> HandleAsync(ulong user, byte[] payload, bool resend, CancellationToken cancellationToken) =>
        HandleAsync(user, payload, resend, null, cancellationToken);

    /// <summary>The order-free part of a request's handling (<see cref="DuisIntake.Admit"/>: load, XSD, header,
    /// XMLDSig, signer = the topic's user), for <see cref="HandleAsync(ulong, byte[], bool, DuisAdmission?, CancellationToken)"/>;
    /// any thread, several requests at once. Never throws.</summary>
    /// <param name="user">The authenticated user the requests topic belongs to.</param>
    /// <param name="payload">The DUIS XML bytes.</param>
    public DuisAdmission Admit(ulong user, byte[] payload) => intake.Admit(payload, DuisEndpoint.Mqtt, user);

    /// <summary>Decides one request, admitted ahead (<see cref="Admit"/>) or not, and answers it; returns the PUBACK reason
    /// code. Call in the user's send order: its replay counter is checked here.</summary>
    /// <param name="user">The authenticated user the requests topic belongs to.</param>
    /// <param name="payload">The DUIS XML bytes.</param>
    /// <param name="resend">The publish carries the DUP flag (the client is sending it again).</param>
    /// <param name="admission">Its <see cref="Admit"/> of <paramref name="payload"/> for <paramref name="user"/>; null:
    /// admitted here.</param>
    /// <param name="cancellationToken">The publishing client's connection.</param>
    public async Task<MqttPubAckReasonCode> HandleAsync(ulong user, byte[] payload, bool resend, DuisAdmission? admission,
        CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await intake.ProcessAsync(admission ?? Admit(user, payload), cancellationToken).ConfigureAwait(false);
            if (resend && outcome.Kind == DuisOutcomeKind.Replayed && outcome.Request is { } request
                && store.PendingRequests.Find(request.Header.RequestId.ToString()) is { } kept && kept.UserEui == user)
            {
                LogResendOfKept(Text(user), kept.RequestId, kept.State.ToString());
                return MqttPubAckReasonCode.Success;
            }
            if (outcome.ResponseBytes is { } response)
            {
                await publisher.PublishAsync(TopicAuthorization.UserResponses(user), response, cancellationToken)
                    .ConfigureAwait(false);
                return MqttPubAckReasonCode.Success;
            }
            LogNotAnswered(Text(user), outcome.Kind, LogText.Untrusted(outcome.Reason));
            return outcome.Kind switch
            {
                // Not a DUIS request: sending it again cannot help.
                DuisOutcomeKind.Refused => MqttPubAckReasonCode.PayloadFormatInvalid,
                // Nothing was kept: the user may send it again (with a new counter).
                DuisOutcomeKind.Conflict => MqttPubAckReasonCode.ImplementationSpecificError,
                _ => MqttPubAckReasonCode.UnspecifiedError,
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One bad request must not take the client's connection (or the broker) down with it; no PUBACK Success.
            LogFailed(ex, Text(user));
            return MqttPubAckReasonCode.UnspecifiedError;
        }
    }

    private static string Text(ulong user) => user.ToString("X16", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT DUIS request of user {User} not answered ({Kind}): {Message}")]
    private partial void LogNotAnswered(string user, DuisOutcomeKind kind, string message);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "MQTT DUIS request of user {User} sent again (DUP) after it was kept as {RequestId} ({State}): acknowledged again, its outcome follows once")]
    private partial void LogResendOfKept(string user, string requestId, string state);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT DUIS request of user {User} failed")]
    private partial void LogFailed(Exception ex, string user);
}
