namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// Delivers on several channels (HTTP callback and MQTT). Every channel is tried even if one fails. The message is taken
/// when any channel confirms it (<see cref="DeliveryReceipt.Taken"/>); otherwise the failures are thrown together, so it
/// stays in the outbox and is retried (a channel that succeeded may see it twice: at least once, and the delivery key lets
/// the user drop the repeat).
/// </summary>
public sealed class CompositeUserDelivery(params IUserDelivery[] channels) : IUserDelivery
{
    private readonly IUserDelivery[] _channels = channels ?? throw new ArgumentNullException(nameof(channels));

    /// <inheritdoc />
    public async Task<DeliveryReceipt> DeliverAsync(DuisDelivery delivery, CancellationToken cancellationToken = default)
    {
        List<Exception>? errors = null;
        var best = DeliveryReceipt.NoChannel;
        foreach (var channel in _channels)
        {
            try
            {
                var receipt = await channel.DeliverAsync(delivery, cancellationToken).ConfigureAwait(false);
                if (receipt > best) best = receipt;
            }
            // Only the caller's cancellation stops the round: a channel's own timeout (HttpClient's is a
            // TaskCanceledException) is a failure of that channel, and the others are still tried.
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                (errors ??= []).Add(ex);
            }
        }
        if (errors is not null && best != DeliveryReceipt.Taken)
            throw new AggregateException($"delivery of {delivery.Key} to {delivery.UserEui:X16} failed on {errors.Count} channel(s)", errors);
        return best;
    }
}
