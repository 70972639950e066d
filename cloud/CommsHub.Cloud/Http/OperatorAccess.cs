using System.Net;
using CommsHub.Cloud.Configuration;
using CommsHub.Cloud.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace CommsHub.Cloud.Http;

/// <summary>
/// Registers who may use the operator API: the <see cref="OperatorTokenHandler"/> scheme and the <see cref="Policy"/>
/// authorization policy (a valid token; with <see cref="OperatorSettings.LoopbackOnly"/>, also a loopback peer).
/// </summary>
public static class OperatorAccess
{
    /// <summary>The authorization policy the operator endpoints require.</summary>
    public const string Policy = "Operator";

    /// <summary>Adds the scheme, the policy and <paramref name="token"/>.</summary>
    public static void Add(IServiceCollection services, OperatorSettings settings, OperatorToken token)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(token);
        // No default scheme: only endpoints that require the policy look at the Authorization header, so DUIS clients
        // that happen to send one are not judged by the operator token.
        // AddAuthentication() would also register ASP.NET Core Data Protection, which only cookie-style schemes use to
        // protect their tickets: it then creates a key ring in the home directory on the first start and warns that the
        // key is stored unencrypted. A bearer token compared against a hash needs none of it, so only the core
        // authentication services (and the URL encoder handlers take) are registered.
        services.AddAuthenticationCore();
        services.AddWebEncoders();
        new AuthenticationBuilder(services).AddScheme<AuthenticationSchemeOptions, OperatorTokenHandler>(OperatorTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy =>
        {
            policy.AddAuthenticationSchemes(OperatorTokenHandler.SchemeName).RequireAuthenticatedUser();
            if (settings.LoopbackOnly) policy.RequireAssertion(c => c.Resource is HttpContext http && IsLoopback(http));
        });
    }

    /// <summary>True when the request came from a loopback address (or from no network peer at all, e.g. in-memory).</summary>
    public static bool IsLoopback(HttpContext http) =>
        http.Connection.RemoteIpAddress is not { } remote
        || IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
}
