using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// POSTs DUIS XML to each user's configured callback URL (<c>Content-Type: application/xml</c>), as DCC Boxed's
/// Receive Response Service does. A user without a URL is skipped (<see cref="DeliveryReceipt.NoChannel"/>). A 2xx
/// answer means the user's side has the message (<see cref="DeliveryReceipt.Taken"/>); anything else throws, so the
/// message stays in the outbox and is retried.
/// The header <c>X-DUIS-Delivery-Key</c> carries <see cref="DuisDelivery.Key"/> so a receiver can drop duplicates.
/// </summary>
public sealed class HttpCallbackDelivery(HttpClient http) : IUserDelivery
{
    private readonly HttpClient _http = http ?? throw new ArgumentNullException(nameof(http));
    private readonly ConcurrentDictionary<ulong, Uri> _urls = new();

    /// <summary>Sets (or with null removes) the callback URL of <paramref name="user"/>.</summary>
    public void SetCallback(ulong user, Uri? url)
    {
        if (url is null) _urls.TryRemove(user, out _);
        else _urls[user] = url;
    }

    /// <inheritdoc />
    public async Task<DeliveryReceipt> DeliverAsync(DuisDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (!_urls.TryGetValue(delivery.UserEui, out var url)) return DeliveryReceipt.NoChannel;
        using var content = new ByteArrayContent(delivery.Xml);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml") { CharSet = "utf-8" };
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        message.Headers.Add("X-DUIS-Delivery-Key", delivery.Key);
        using var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return DeliveryReceipt.Taken;
    }
}
