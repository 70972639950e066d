using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Mqtt.Inbound;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Pipeline;
using MQTTnet.Protocol;

namespace CommsHub.Cloud.Adapter;

/// <summary>
/// Reads the <see cref="MqttInbox"/> and hands each message to its handler: up frames and statuses to the
/// <see cref="HubUplink"/>, DUIS requests to <see cref="MqttDuisRequests"/>, users' acknowledgements and subscriptions to
/// <see cref="UserOutboxFeedback"/>. One hub's or one user's messages are handled one after another in arrival order (a
/// user's replay counters must be seen in the order it sent them); different hubs and users run side by side. The reader
/// takes what is waiting (up to <see cref="DecisionBatcher.MaxBatch"/> messages) in one pass, running each handler on its
/// own thread up to its first wait. The DUIS decisions and the response finishes those handlers reach are gathered
/// (<see cref="DecisionBatcher.Gather"/>, <see cref="DuisAsyncResponses.Gather"/>) and written in rounds at the end of the
/// pass, one store commit per round and kind, on the same thread; what the handlers continue with after a round (a hub's
/// next frame, queued behind the one just finished) joins the next round. At most <c>capacity</c> messages are in hand at
/// once; beyond that the inbox fills and the source waits. Each message is completed with its PUBACK reason code when its handler
/// returns, which for a request or up frame is after its outcome is committed.
/// </summary>
public sealed partial class MqttInboxService(
    MqttInbox inbox, HubUplink uplink, MqttDuisRequests requests, UserOutboxFeedback feedback, DecisionBatcher batcher,
    DuisAsyncResponses responses,
    ILogger<MqttInboxService> logger)
    : BackgroundService
{
    private readonly Lock _sync = new();
    private readonly Dictionary<(bool, ulong), Task> _lanes = [];
    private readonly SemaphoreSlim _inHand = new(inbox.Capacity, inbox.Capacity);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await inbox.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await ReadWaitingAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued was never acknowledged, so its source delivers it again.
        }
        inbox.Close();
        while (inbox.Reader.TryRead(out var left)) left.Abandon();
        Task[] running;
        lock (_sync) running = [.. _lanes.Values];
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    // One pass over what is waiting. Each user has at most one request in the inbox (the broker holds the user's connection
    // until its message is handled), and each hub's up frames are handled one after another, so requests and up frames
    // meet only here: run one by one, each would be a commit of its own. Gathered, the pass's decisions share one commit,
    // and so do its answers to responses.
    private async Task ReadWaitingAsync(CancellationToken stoppingToken)
    {
        var decisions = batcher.Gather();
        var finishes = responses.Gather();
        MqttInboundMessage? waiting = null;
        try
        {
            using (Gathering.Enter(decisions, finishes))
            {
                for (var read = 0; read < batcher.MaxBatch && inbox.Reader.TryRead(out var message); read++)
                {
                    if (!_inHand.Wait(0))
                    {
                        waiting = message;
                        break;
                    }
                    Enqueue(message, stoppingToken);
                }
            }
        }
        finally
        {
            await Gathering.RunAllAsync(decisions, finishes).ConfigureAwait(false);
        }
        if (waiting is null) return;
        // Full: what was gathered may have been what frees a place, so it was decided before waiting.
        try
        {
            await _inHand.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: never acknowledged, so its source delivers it again.
            waiting.Abandon();
            throw;
        }
        Enqueue(waiting, stoppingToken);
    }

    // Chains the message behind the earlier ones of its hub or user.
    private void Enqueue(MqttInboundMessage message, CancellationToken stoppingToken)
    {
        var lane = message.Lane;
        lock (_sync)
        {
            var before = _lanes.GetValueOrDefault(lane) ?? Task.CompletedTask;
            var task = RunAfterAsync(before, message, stoppingToken);
            _lanes[lane] = task;
            _ = task.ContinueWith(done =>
            {
                lock (_sync)
                {
                    if (_lanes.TryGetValue(lane, out var last) && last == done) _lanes.Remove(lane);
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task RunAfterAsync(Task before, MqttInboundMessage message, CancellationToken stoppingToken)
    {
        // Never faults (HandleAsync catches), so a lane is never broken by one bad message.
        await before.ConfigureAwait(false);
        try
        {
            message.Complete(await HandleAsync(message, stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            message.Abandon();
        }
        catch (Exception ex)
        {
            // A handler bug must neither stop the inbox nor acknowledge the message as handled.
            LogFailed(ex, message.Kind, message.Topic);
            message.Complete(MqttPubAckReasonCode.UnspecifiedError);
        }
        finally
        {
            _inHand.Release();
        }
    }

    private async Task<MqttPubAckReasonCode> HandleAsync(MqttInboundMessage message, CancellationToken stoppingToken)
    {
        switch (message.Kind)
        {
            case MqttInboundKind.HubUp:
                return await uplink.HandleUpAsync(message.Topic, message.Payload, stoppingToken).ConfigureAwait(false)
                    ? MqttPubAckReasonCode.Success
                    : MqttPubAckReasonCode.UnspecifiedError;
            case MqttInboundKind.HubStatus:
                uplink.HandleStatus(message.Topic, message.Payload);
                return MqttPubAckReasonCode.Success;
            case MqttInboundKind.HubGone:
                uplink.Disconnected(message.Eui);
                return MqttPubAckReasonCode.Success;
            case MqttInboundKind.UserRequest:
                return await requests.HandleAsync(message.Eui, message.Payload, message.Resend, stoppingToken).ConfigureAwait(false);
            case MqttInboundKind.UserTook:
                feedback.Acknowledged(message.Eui, message.Topic, message.Payload);
                return MqttPubAckReasonCode.Success;
            case MqttInboundKind.UserSubscribed:
                feedback.Subscribed(message.Eui);
                return MqttPubAckReasonCode.Success;
            default:
                throw new InvalidOperationException($"unknown inbound MQTT message kind {message.Kind}");
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _inHand.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT {Kind} on {Topic}: handling failed, not acknowledged as handled")]
    private partial void LogFailed(Exception ex, MqttInboundKind kind, string topic);
}
