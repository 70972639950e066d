using System.Globalization;
using CommsHub.Dcc.Dispatch;

namespace CommsHub.Cloud.Adapter;

/// <summary>
/// The HTTP client of the users' callbacks (<c>CommsHub:Callbacks</c>), set up in one place so the adapter and its tests
/// use the same one.
/// </summary>
public static class CallbackClient
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client.</summary>
    public const string Name = "duis-callbacks";

    /// <summary>How long one callback may take, answer included.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Registers the named client: <see cref="Timeout"/> for the whole exchange, redirects not followed (a 3xx is no
    /// receipt: <see cref="CallbackRefusedException"/>), no cookies (one user's endpoint must not set what is sent to
    /// another's), bounded answer headers, and connections renewed so a moved endpoint's new address is looked up.
    /// </summary>
    public static IHttpClientBuilder Add(IServiceCollection services) =>
        services.AddHttpClient(Name, c => c.Timeout = Timeout)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectTimeout = Timeout,
                MaxResponseHeadersLength = 64,
                MaxResponseDrainSize = 64 * 1024,
                ResponseDrainTimeout = TimeSpan.FromSeconds(1),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });

    /// <summary>The callback delivery over the named client, with each configured user's URL.</summary>
    public static HttpCallbackDelivery Create(IServiceProvider services, IReadOnlyDictionary<string, string> callbacks)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(callbacks);
        var http = new HttpCallbackDelivery(services.GetRequiredService<IHttpClientFactory>().CreateClient(Name));
        foreach (var (user, url) in callbacks)
            http.SetCallback(ulong.Parse(user, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture), new Uri(url));
        return http;
    }
}
