namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// Delivers on several channels (HTTP callback and MQTT). Every channel is tried even if one fails; then the failures
/// are thrown together, so the message is retried (a channel that succeeded may see it twice: at least once, and the
/// delivery key lets the user drop the repeat).
/// </summary>
public sealed class CompositeUserDelivery(params IUserDelivery[] channels) : IUserDelivery
{
    private readonly IUserDelivery[] _channels = channels ?? throw new ArgumentNullException(nameof(channels));

    /// <inheritdoc />
    public async Task DeliverAsync(DuisDelivery delivery, CancellationToken cancellationToken = default)
    {
        List<Exception>? errors = null;
        foreach (var channel in _channels)
        {
            try { await channel.DeliverAsync(delivery, cancellationToken).ConfigureAwait(false); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                (errors ??= []).Add(ex);
            }
        }
        if (errors is not null) throw new AggregateException($"delivery of {delivery.Key} to {delivery.UserEui:X16} failed on {errors.Count} channel(s)", errors);
    }
}
