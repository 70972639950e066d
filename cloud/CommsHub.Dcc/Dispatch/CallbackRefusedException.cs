using System.Globalization;
using System.Net;
using CommsHub.Dcc.Logging;

namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// A user's callback answered with a status other than 2xx, so it has not taken the message (it stays in the outbox and
/// is sent again). A redirect (3xx) is one of these: it is not followed, as a POST redirected to a login page or a moved
/// endpoint would reach something other than the configured receiver (and 301-303 would drop the body), while its 200
/// would count as the user's receipt. The message names the status and, for a redirect, the Location, both as the
/// receiver sent them (made safe for a log line); never the callback URL, which may carry a token.
/// </summary>
public sealed class CallbackRefusedException : HttpRequestException
{
    /// <summary>Creates the error for <paramref name="user"/>'s callback answering <paramref name="status"/>.</summary>
    public CallbackRefusedException(ulong user, HttpStatusCode status, string? reason, Uri? location)
        : base(Describe(user, status, reason, location), null, status) => Location = location;

    /// <summary>Where a redirect pointed (null when the answer had no Location).</summary>
    public Uri? Location { get; }

    private static string Describe(ulong user, HttpStatusCode status, string? reason, Uri? location)
    {
        var code = ((int)status).ToString(CultureInfo.InvariantCulture);
        var head = $"callback of user {user:X16} answered {code} {LogText.Untrusted(reason, 64)}";
        return (int)status is >= 300 and <= 399
            ? $"{head}, redirecting to {LogText.Untrusted(location?.OriginalString, 256)}: a redirect is not a receipt and is not followed (set the final URL in CommsHub:Callbacks)"
            : head;
    }
}
