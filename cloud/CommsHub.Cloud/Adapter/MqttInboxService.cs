using CommsHub.Cloud.Configuration;
using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Mqtt.Inbound;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Pipeline;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;

namespace CommsHub.Cloud.Adapter;

/// <summary>
/// Reads the <see cref="MqttInbox"/> (through an <see cref="MqttInboxReader"/>: lanes, passes, gatherings) and hands each
/// message to its handler: up frames and statuses to the <see cref="HubUplink"/>, DUIS requests to
/// <see cref="MqttDuisRequests"/>, users' acknowledgements and subscriptions to <see cref="UserOutboxFeedback"/>. One hub's
/// or one user's messages are handled one after another in arrival order; different hubs and users run side by side. The
/// DUIS decisions and the response finishes the handlers reach in one pass are gathered
/// (<see cref="DecisionBatcher.Gather"/>, <see cref="DuisAsyncResponses.Gather"/>) and written in rounds, one store commit
/// per round and kind. <c>CommsHub:Mqtt:InboxThreads</c> (<see cref="MqttSettings.InboxThreads"/>) = 2 pipelines the
/// passes over two threads. <c>CommsHub:Mqtt:IntakeThreads</c> (<see cref="MqttSettings.IntakeThreads"/>) above 1 runs the
/// order-free part of a pass's DUIS requests (parse, schema, signature: <see cref="MqttDuisRequests.Admit"/>) on that many
/// threads before their ordered remainder (<see cref="MqttInboxPreparation"/>); <c>CommsHub:Mqtt:IntakeOnPost</c> runs it
/// on the embedded broker's client threads as the requests are posted (<see cref="MqttInbox.PrepareOnPost"/>). Each
/// message is completed with its PUBACK reason code when its handler returns, which for a request or up frame is after its
/// outcome is committed.
/// </summary>
public sealed partial class MqttInboxService : BackgroundService
{
    private readonly HubUplink _uplink;
    private readonly MqttDuisRequests _requests;
    private readonly UserOutboxFeedback _feedback;
    private readonly ILogger<MqttInboxService> _logger;
    private readonly MqttInboxReader _reader;

    /// <summary>The service over the adapter's handlers.</summary>
    public MqttInboxService(
        MqttInbox inbox, HubUplink uplink, MqttDuisRequests requests, UserOutboxFeedback feedback, DecisionBatcher batcher,
        DuisAsyncResponses responses, IOptions<CommsHubOptions> options, AdapterMetrics metrics, ILogger<MqttInboxService> logger)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(batcher);
        ArgumentNullException.ThrowIfNull(responses);
        ArgumentNullException.ThrowIfNull(options);
        _uplink = uplink;
        _requests = requests;
        _feedback = feedback;
        _logger = logger;
        var intakeThreads = options.Value.Mqtt.IntakeThreads;
        _reader = new MqttInboxReader(
            inbox, HandleAsync, () => [batcher.Gather(), responses.Gather()],
            (ex, message) => LogFailed(ex, message.Kind, message.Topic), batcher.MaxBatch, options.Value.Mqtt.InboxThreads,
            intakeThreads > 1 ? new MqttInboxPreparation(static m => m.Kind == MqttInboundKind.UserRequest && m.Prepared is null, Admit, intakeThreads) : null);
        // The embedded broker posts each client's publish on that client's own packet loop, which waits for the PUBACK: a
        // request's intake there runs beside the other clients' and leaves the reader's thread. (The external-broker
        // client posts every message from one receive loop, which would then do all the intake alone.)
        if (options.Value.Mqtt.IntakeOnPost && options.Value.Mqtt.Mode == MqttMode.Embedded)
            inbox.PrepareOnPost(static m => m.Kind == MqttInboundKind.UserRequest, Admit);
        metrics.ObserveInbox(_reader);
    }

    // A DUIS request's order-free intake, ahead of its turn (any thread).
    private void Admit(MqttInboundMessage message) => message.Prepared = _requests.Admit(message.Eui, message.Payload);

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _reader.RunAsync(stoppingToken);

    private async Task<MqttPubAckReasonCode> HandleAsync(MqttInboundMessage message, CancellationToken stoppingToken)
    {
        switch (message.Kind)
        {
            case MqttInboundKind.HubUp:
                return await _uplink.HandleUpAsync(message.Topic, message.Payload, stoppingToken).ConfigureAwait(false)
                    ? MqttPubAckReasonCode.Success
                    : MqttPubAckReasonCode.UnspecifiedError;
            case MqttInboundKind.HubStatus:
                _uplink.HandleStatus(message.Topic, message.Payload);
                return MqttPubAckReasonCode.Success;
            case MqttInboundKind.HubGone:
                _uplink.Disconnected(message.Eui);
                return MqttPubAckReasonCode.Success;
            case MqttInboundKind.UserRequest:
                return await _requests.HandleAsync(message.Eui, message.Payload, message.Resend, message.Prepared as DuisAdmission, stoppingToken)
                    .ConfigureAwait(false);
            case MqttInboundKind.UserTook:
                _feedback.Acknowledged(message.Eui, message.Topic, message.Payload);
                return MqttPubAckReasonCode.Success;
            case MqttInboundKind.UserSubscribed:
                _feedback.Subscribed(message.Eui);
                return MqttPubAckReasonCode.Success;
            default:
                throw new InvalidOperationException($"unknown inbound MQTT message kind {message.Kind}");
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _reader.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT {Kind} on {Topic}: handling failed, not acknowledged as handled")]
    private partial void LogFailed(Exception ex, MqttInboundKind kind, string topic);
}
