using CommsHub.Cloud.Duis;
using CommsHub.Dcc.Access;

namespace CommsHub.Cloud.Mqtt;

/// <summary>
/// Runs DUIS requests from <c>dcc/users/{EUI}/requests</c> through the same <see cref="DuisIntake"/> as HTTP and
/// publishes the signed DUIS Response on <c>dcc/users/{EUI}/responses</c>. Input that cannot be answered in DUIS
/// (not well-formed, schema-invalid, ...) is dropped with a log line: MQTT has no status code to carry a 4xx.
/// </summary>
public sealed partial class MqttDuisBridge(MqttRequestQueue queue, DuisIntake intake, EmbeddedBroker broker, ILogger<MqttDuisBridge> logger)
    : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in queue.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var result = await intake.ProcessAsync(request.Payload, DuisEndpoint.Mqtt, request.User, stoppingToken).ConfigureAwait(false);
                if (result is IntakeConflict conflict) LogConflict(request.User.ToString("X16", System.Globalization.CultureInfo.InvariantCulture), conflict.Message);
                else if (result is IntakeUnavailable unavailable) LogUnavailable(request.User.ToString("X16", System.Globalization.CultureInfo.InvariantCulture), unavailable.Message);
                else if (result is IntakeAnswered answered)
                    await broker.PublishAsync(TopicAuthorization.UserResponses(request.User),
                        CommsHub.Dcc.Pipeline.DuisResponseWriter.Serialize(answered.Response), cancellationToken: stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One bad request must not stop the bridge for every other user.
                LogFailed(ex, request.User.ToString("X16", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT DUIS request of user {User} dropped (conflict): {Message}")]
    private partial void LogConflict(string user, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT DUIS request of user {User} dropped (store unavailable): {Message}")]
    private partial void LogUnavailable(string user, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT DUIS request of user {User} failed")]
    private partial void LogFailed(Exception ex, string user);
}
