using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// POSTs DUIS XML to each user's configured callback URL (<c>Content-Type: application/xml</c>), as DCC Boxed's
/// Receive Response Service does. A user without a URL is skipped (<see cref="DeliveryReceipt.NoChannel"/>). A 2xx
/// answer of the URL itself means the user's side has the message (<see cref="DeliveryReceipt.Taken"/>): 200, 202 or
/// 204 alike, as the receiver has the whole document once it answers (what it does with it next is its own affair), and
/// the status line is the receipt, so the answer's body is never read. Anything else throws
/// (<see cref="CallbackRefusedException"/>; a redirect among them, which the client must not follow: see there), so the
/// message stays in the outbox and is retried.
/// The header <c>X-DUIS-Delivery-Key</c> carries <see cref="DuisDelivery.Key"/> so a receiver can drop duplicates: the
/// outbox's key, the same on every attempt and after a restart.
/// </summary>
public sealed class HttpCallbackDelivery(HttpClient http) : IUserDelivery
{
    private readonly HttpClient _http = http ?? throw new ArgumentNullException(nameof(http));
    private readonly ConcurrentDictionary<ulong, Uri> _urls = new();

    /// <summary>Sets (or with null removes) the callback URL of <paramref name="user"/>.</summary>
    public void SetCallback(ulong user, Uri? url)
    {
        if (url is null)
        {
            _urls.TryRemove(user, out _);
            return;
        }
        if (Refusal(url) is { } refusal) throw new ArgumentException($"callback URL of user {user:X16} {refusal}", nameof(url));
        _urls[user] = url;
    }

    /// <summary>
    /// Why <paramref name="url"/> cannot be a callback URL, or null when it can: it must be an absolute http or https URL
    /// without user information (HttpClient would not send it as credentials, and it would sit in logs and errors). The
    /// reason never repeats the URL, which may carry a password.
    /// </summary>
    public static string? Refusal(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")) return "is not an absolute http(s) URL";
        if (url.UserInfo.Length > 0) return "must not carry user information (user:password@): it is not sent as credentials; put a token in the path or query instead";
        return null;
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
        // Headers only: the status is the receipt, and a body that is huge or never ends must not hold the delivery.
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return DeliveryReceipt.Taken;
        throw new CallbackRefusedException(delivery.UserEui, response.StatusCode, response.ReasonPhrase, response.Headers.Location);
    }
}
