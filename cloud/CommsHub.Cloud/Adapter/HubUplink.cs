using CommsHub.Dcc.Dispatch;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Cloud.Adapter;

/// <summary>
/// What hubs publish, as the <see cref="MqttInboxService"/> hands it over from the embedded broker or an external one:
/// <c>chub/{EUI}/up</c> frames go to the <see cref="ResponseCorrelator"/>, <c>chub/{EUI}/status</c> to
/// <see cref="HubPresence"/>, and a hub's broken connection (embedded broker) marks it offline. The source acknowledges an
/// up frame only after <see cref="HandleUpAsync"/> has returned, so a
/// frame whose outcome could not be stored (the store failed) is not acknowledged and the hub sends it again; once stored,
/// the outcome's delivery to the user is the <see cref="UserOutbox"/>'s job (at least once, end to end).
/// </summary>
public sealed partial class HubUplink(ResponseCorrelator correlator, HubPresence presence, AdapterMetrics metrics, ILogger<HubUplink> logger)
{
    /// <summary>Handles one up frame; false when it should not be acknowledged (its outcome was not stored: the hub retries).</summary>
    public async Task<bool> HandleUpAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await correlator.HandleAsync(topic, payload, cancellationToken).ConfigureAwait(false);
            metrics.Up(outcome);
            // A response delivered is the routine case, one per request: counted by the metrics, logged at Debug (at
            // Information it was a console line per request, a few per cent of the adapter's CPU under load). Anything
            // else (a duplicate, an unmatched or invalid frame, an alert) stays a line at Information.
            if (outcome == CorrelationOutcome.Delivered) LogDelivered(topic);
            else LogUp(topic, outcome);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex, topic);
            return false;
        }
    }

    /// <summary>Handles a status publish (retained online/offline JSON).</summary>
    public void HandleStatus(string topic, ReadOnlySpan<byte> payload) => presence.HandleStatus(topic, payload);

    /// <summary>A hub's connection ended (its will, if any, arrives as a status too).</summary>
    public void Disconnected(ulong hub)
    {
        presence.Set(hub, false);
        LogOffline(Eui64.ToText(hub));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "GBCS {Topic}: {Outcome}")]
    private partial void LogUp(string topic, CorrelationOutcome outcome);

    [LoggerMessage(Level = LogLevel.Debug, Message = "GBCS {Topic}: Delivered")]
    private partial void LogDelivered(string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GBCS {Topic}: handling failed, not acknowledged (the hub will resend)")]
    private partial void LogFailed(Exception ex, string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "hub {Hub}: disconnected, offline")]
    private partial void LogOffline(string hub);
}
