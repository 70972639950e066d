using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using CommsHub.Cloud.Configuration;
using CommsHub.Cloud.Http;
using CommsHub.Cloud.Security;
using CommsHub.TestSupport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>The operator API's bearer token: 401 without or with a wrong one, the generated token file, the loopback option.</summary>
[Collection(CloudCollection.Name)]
public sealed class OperatorAuthenticationTests(CloudFixture cloud)
{
    private const string Quarantines = "/api/v1/operator/quarantines";

    private string TokenFile => Path.Combine(cloud.DataDirectory, OperatorToken.FileName);

    [SharedDataFact]
    public async Task Without_a_token_the_operator_api_answers_401_with_a_bearer_challenge()
    {
        foreach (var request in new[] { new HttpRequestMessage(HttpMethod.Get, Quarantines), new HttpRequestMessage(HttpMethod.Post, Quarantines + "/1/release") })
        {
            AssertChallenged(await cloud.Http.SendAsync(request), "realm=\"commshub-operator\"");
        }
    }

    [SharedDataFact]
    public async Task A_wrong_token_or_another_scheme_answers_401_invalid_token()
    {
        var token = (await File.ReadAllTextAsync(TokenFile)).Trim();
        string[] wrong = ["Bearer " + token[..^1] + (token[^1] == '0' ? '1' : '0'), "Bearer " + token + "0", "Bearer ", "Basic " + token];
        foreach (var header in wrong)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Quarantines);
            request.Headers.TryAddWithoutValidation("Authorization", header);
            AssertChallenged(await cloud.Http.SendAsync(request), "realm=\"commshub-operator\", error=\"invalid_token\"");
        }
    }

    private static void AssertChallenged(HttpResponseMessage response, string parameter)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal(parameter, challenge.Parameter);
    }

    [SharedDataFact]
    public async Task The_right_token_opens_the_api_and_the_other_endpoints_need_none()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Quarantines);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(TokenFile)).Trim());
        var response = await cloud.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await cloud.Http.GetAsync("/health")).StatusCode);
    }

    [SharedDataFact]
    public void Every_endpoint_but_health_and_the_signed_duis_ones_needs_the_operator_token()
    {
        // Anything else lists inventory or registration data (device EUIs, MPxNs): an endpoint added without the
        // policy fails here rather than answering anyone.
        string[] open = ["/health", "/api/v1/serviceS", "/api/v1/serviceT", "/api/v1/serviceD"];
        var endpoints = cloud.App.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>().ToList();
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/v1/hubs");
        foreach (var endpoint in endpoints)
        {
            var route = endpoint.RoutePattern.RawText!;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            if (open.Contains(route)) Assert.Empty(policies);
            else Assert.True(policies.Contains(OperatorAccess.Policy), $"{route} answers without the operator token");
        }
    }

    [SharedDataFact]
    public void The_first_start_generated_an_owner_only_token_file_and_printed_where_not_what()
    {
        Assert.True(File.Exists(TokenFile));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TokenFile));
        var token = File.ReadAllText(TokenFile).Trim();
        Assert.Matches("^[0-9a-f]{64}$", token);
        var banner = cloud.Banner.ToString();
        Assert.Contains(TokenFile, banner);
        Assert.DoesNotContain(token, banner);
        // A later start reuses the file instead of generating another token.
        var again = OperatorToken.Load(new OperatorSettings(), cloud.DataDirectory);
        Assert.False(again.Created);
        Assert.True(again.Matches(token));
        Assert.Equal(token, File.ReadAllText(TokenFile).Trim());
    }

    [Fact]
    public void A_token_file_others_can_read_is_flagged_and_an_empty_one_stops_the_start()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-optoken-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, OperatorToken.FileName);
            File.WriteAllText(path, "an-operator-token-written-by-hand\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                Assert.True(OperatorToken.Load(new OperatorSettings(), dir).Exposed);
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            var token = OperatorToken.Load(new OperatorSettings(), dir);
            Assert.False(token.Exposed);
            Assert.True(token.Matches("an-operator-token-written-by-hand"));
            File.WriteAllText(path, "\n");
            var ex = Assert.Throws<InvalidOperationException>(() => OperatorToken.Load(new OperatorSettings(), dir));
            Assert.Contains("delete it", ex.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [SharedDataFact]
    public async Task A_configured_token_is_used_and_no_file_is_generated()
    {
        const string configured = "configured-operator-token-0123456789";
        var dir = Path.Combine(Path.GetTempPath(), "commshub-optoken-" + Guid.NewGuid().ToString("N"));
        var banner = new StringWriter();
        var app = CloudApp.Create(
            ["--data-dir", dir, "--http-url", "http://127.0.0.1:0", "--CommsHub:Mqtt:Enabled=false",
             "--duis-schemas", SharedData.PathOf("vectors/gbcs/duis"), "--Logging:LogLevel:Default=Warning",
             $"--CommsHub:Operator:Token={configured}"], console: banner);
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(CloudApp.HttpAddresses(app)[0]), Timeout = TimeSpan.FromSeconds(15) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", configured);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Quarantines)).StatusCode);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", configured.ToUpperInvariant());
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(Quarantines)).StatusCode);
            Assert.False(File.Exists(Path.Combine(dir, OperatorToken.FileName)));
            Assert.DoesNotContain(configured, banner.ToString());
            Assert.Contains("CommsHub:Operator:Token", banner.ToString());
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Theory]
    [InlineData("short")]
    [InlineData("has a space in the middle of it")]
    public void A_weak_or_unsendable_configured_token_stops_the_start_without_echoing_it(string token)
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-cfg-" + Guid.NewGuid().ToString("N"));
        var ex = Assert.Throws<OptionsValidationException>(() => CloudApp.Create(["--data-dir", dir, $"--CommsHub:Operator:Token={token}"]));
        var failures = string.Join(" ", ex.Failures);
        Assert.Contains("Operator:Token", failures);
        Assert.DoesNotContain(token, failures);
    }

    [Theory]
    [InlineData(false, "10.1.2.3", true)]
    [InlineData(true, "10.1.2.3", false)]
    [InlineData(true, "127.0.0.1", true)]
    [InlineData(true, "::1", true)]
    [InlineData(true, "::ffff:127.0.0.1", true)]
    [InlineData(true, "::ffff:10.1.2.3", false)]
    public async Task Loopback_only_refuses_an_authenticated_operator_from_elsewhere(bool loopbackOnly, string remote, bool allowed)
    {
        var services = new ServiceCollection().AddLogging();
        var dir = Path.Combine(Path.GetTempPath(), "commshub-policy-" + Guid.NewGuid().ToString("N"));
        var settings = new OperatorSettings { Token = "policy-test-token-0123456789", LoopbackOnly = loopbackOnly };
        OperatorAccess.Add(services, settings, OperatorToken.Load(settings, dir));
        await using var provider = services.BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = provider };
        http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        var operatorPrincipal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], OperatorTokenHandler.SchemeName));

        var result = await provider.GetRequiredService<IAuthorizationService>().AuthorizeAsync(operatorPrincipal, http, OperatorAccess.Policy);
        Assert.Equal(allowed, result.Succeeded);
        var anonymous = await provider.GetRequiredService<IAuthorizationService>().AuthorizeAsync(new ClaimsPrincipal(new ClaimsIdentity()), http, OperatorAccess.Policy);
        Assert.False(anonymous.Succeeded);
        Assert.False(Directory.Exists(dir)); // a configured token writes nothing
    }
}
