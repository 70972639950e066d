using System.Security.Claims;
using System.Text.Encodings.Web;
using CommsHub.Cloud.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CommsHub.Cloud.Http;

/// <summary>
/// ASP.NET Core authentication scheme <see cref="SchemeName"/>: <c>Authorization: Bearer &lt;token&gt;</c> checked against the
/// <see cref="OperatorToken"/>. A challenge answers 401 with <c>WWW-Authenticate: Bearer realm="commshub-operator"</c>,
/// plus <c>error="invalid_token"</c> when a token was presented and did not match (RFC 6750 §3).
/// </summary>
public sealed class OperatorTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, OperatorToken token)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "OperatorToken";

    /// <summary>The name the authenticated principal carries (one shared token: the holder is "the operator").</summary>
    public const string PrincipalName = "operator";

    private const string Realm = "commshub-operator";

    /// <inheritdoc/>
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return Task.FromResult(AuthenticateResult.NoResult());
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.Fail("the Authorization header is not a Bearer token"));
        // The failure message is logged by the framework: it names no part of the presented value.
        if (!token.Matches(header[bearer.Length..].Trim()))
            return Task.FromResult(AuthenticateResult.Fail("the operator token does not match"));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, PrincipalName)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <inheritdoc/>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = result.Failure is null
            ? $"Bearer realm=\"{Realm}\""
            : $"Bearer realm=\"{Realm}\", error=\"invalid_token\"";
        Response.ContentType = "text/plain";
        await Response.WriteAsync(result.Failure is null
            ? "operator endpoints need Authorization: Bearer <token>\n"
            : "operator token refused\n", Context.RequestAborted).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        Response.ContentType = "text/plain";
        await Response.WriteAsync("operator endpoints answer loopback only (CommsHub:Operator:LoopbackOnly)\n", Context.RequestAborted)
            .ConfigureAwait(false);
    }
}
