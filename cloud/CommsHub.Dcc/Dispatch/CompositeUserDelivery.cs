namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// Delivers on several channels (HTTP callback and MQTT), all at once. Every channel is tried even if one fails or hangs. The message is taken
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
        // All at once: a callback that hangs for its whole timeout must not hold back the copy on the user's MQTT session.
        var attempts = Array.ConvertAll(_channels, channel => AttemptAsync(channel, delivery, cancellationToken));
        try
        {
            await Task.WhenAll(attempts).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Each attempt's outcome is read below.
        }
        List<Exception>? errors = null;
        var best = DeliveryReceipt.NoChannel;
        foreach (var attempt in attempts)
        {
            try
            {
                var receipt = await attempt.ConfigureAwait(false);
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

    // A channel that throws before its first wait fails its own attempt, not the others'.
    private static async Task<DeliveryReceipt> AttemptAsync(IUserDelivery channel, DuisDelivery delivery, CancellationToken cancellationToken) =>
        await channel.DeliverAsync(delivery, cancellationToken).ConfigureAwait(false);
}
