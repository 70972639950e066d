using System.Net;
using System.Text.Json;
using CommsHub.Cloud.Http;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Smki;
using CommsHub.Dcc.Storage;
using CommsHub.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// A failure inside the adapter (the store, or a bug) reaches the client as a fixed message with a correlation id, never
/// as the exception's text (which can name hosts, users, passwords, tables); the full error is in the server log under
/// the same correlation id.
/// </summary>
public sealed class InternalErrorTextTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-internal-error-" + Guid.NewGuid().ToString("N"));
    private readonly FaultyStore _store = new();
    private readonly LogCapture _logs = new();
    private WebApplication _app = null!;
    private volatile bool _hookFails;
    private HttpClient _http = null!;
    private HttpClient _operator = null!;

    public async Task InitializeAsync()
    {
        if (!SharedData.Available) return;
        _app = CloudApp.Create(CloudFixture.LoopbackArguments(_dir), s =>
        {
            _store.Install(s);
            s.AddSingleton<ILoggerProvider>(_logs);
            // The intake with a decision hook that throws when a test says so: a failure outside the decision's own
            // handling, which escapes the intake to the endpoint.
            s.AddSingleton(sp => new DuisIntake(sp.GetRequiredService<DecisionBatcher>(), sp.GetRequiredService<ILogger<DuisIntake>>(),
                (_, _) => { if (_hookFails) throw new InvalidOperationException($"hook failed near {FaultyStore.Secret}"); }));
        }, console: TextWriter.Null);
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(CloudApp.HttpAddresses(_app)[0]), Timeout = TimeSpan.FromSeconds(15) };
        _operator = CloudFixture.OperatorClient(_app, _dir);
    }

    public async Task DisposeAsync()
    {
        if (_app is null) return;
        _http.Dispose();
        _operator.Dispose();
        _store.Disarm();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [SharedDataFact]
    public async Task A_store_failure_answers_503_with_a_fixed_message_and_a_correlation_id_and_logs_the_error_under_it()
    {
        _store.Arm("IDccStore.BeginUnitOfWork", FaultyStore.DatabaseError);

        var response = await PostAsync();

        var text = await AssertFixedAnswerAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("1", response.Headers.RetryAfter?.ToString());
        Assert.Contains("new RequestID counter", text);
    }

    [SharedDataFact]
    public async Task A_failure_that_is_not_the_stores_answers_500_with_a_fixed_message_and_a_correlation_id()
    {
        _store.Arm("IDccStore.BeginUnitOfWork", () => new InvalidOperationException($"bug near {FaultyStore.Secret}"));

        var response = await PostAsync();

        await AssertFixedAnswerAsync(response, HttpStatusCode.InternalServerError);
    }

    [SharedDataFact]
    public async Task A_failure_that_escapes_the_intake_answers_500_with_a_fixed_message_and_a_correlation_id()
    {
        _hookFails = true;

        var response = await PostAsync();

        await AssertFixedAnswerAsync(response, HttpStatusCode.InternalServerError);
    }

    [SharedDataFact]
    public async Task A_store_failure_resolving_a_quarantine_answers_503_not_409_and_without_its_text()
    {
        var quarantine = OpenQuarantine();
        _store.Arm("IQuarantineStore.Resolve", FaultyStore.DatabaseError);

        var response = await _operator.PostAsync($"/api/v1/operator/quarantines/{quarantine}/release", null);

        await AssertFixedAnswerAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        _store.Disarm();
        Assert.Equal(HttpStatusCode.OK, (await _operator.PostAsync($"/api/v1/operator/quarantines/{quarantine}/release", null)).StatusCode);
    }

    [SharedDataFact]
    public async Task Another_invalid_operation_resolving_a_quarantine_answers_500_not_409_and_without_its_text()
    {
        var quarantine = OpenQuarantine();
        _store.Arm("IQuarantineStore.Resolve", () => new InvalidOperationException($"a unit of work is already open on {FaultyStore.Secret}"));

        var response = await _operator.PostAsync($"/api/v1/operator/quarantines/{quarantine}/reject", null);

        await AssertFixedAnswerAsync(response, HttpStatusCode.InternalServerError);
    }

    [SharedDataFact]
    public async Task A_held_request_that_fails_in_a_release_is_listed_with_fixed_words_and_a_correlation_id_not_its_text()
    {
        var quarantine = OpenQuarantine();
        var store = _app.Services.GetRequiredService<IDccStore>();
        var now = DateTimeOffset.UtcNow;
        const string requestId = "90-B3-D5-1F-30-01-00-00:00-00-00-00-00-00-00-01:1000";
        Assert.True(store.PendingRequests.Add(new PendingRequest(requestId, 0x02C04B0000010000UL, 0x00DB1234567890A0UL, 1000, "4.1.1",
            PendingState.Quarantined, now, now.AddMinutes(5), [0xDD])));
        Assert.True(store.Quarantines.Hold(quarantine, requestId, now));
        // The quarantine resolves; moving its held request on then fails inside the store.
        _store.Arm("IPendingRequestStore.TryRelease", FaultyStore.DatabaseError);

        var response = await _operator.PostAsync($"/api/v1/operator/quarantines/{quarantine}/release", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        AssertNoInternalText(text);
        var failure = Assert.Single(JsonDocument.Parse(text).RootElement.GetProperty("failures").EnumerateArray());
        Assert.Equal(requestId, failure.GetProperty("requestId").GetString());
        var id = failure.GetProperty("correlationId").GetString()!;
        Assert.Matches("^[0-9a-f]{16}$", id);
        Assert.Contains(id, failure.GetProperty("error").GetString());
        AssertLoggedWithError(id);
        // The same release again finishes it.
        _store.Disarm();
        var again = JsonDocument.Parse(await (await _operator.PostAsync($"/api/v1/operator/quarantines/{quarantine}/release", null)).Content.ReadAsStringAsync());
        Assert.Empty(again.RootElement.GetProperty("failures").EnumerateArray());
        Assert.NotEqual(PendingState.Quarantined, store.PendingRequests.Find(requestId)!.State);
    }

    private long OpenQuarantine()
    {
        var store = _app.Services.GetRequiredService<IDccStore>();
        return store.Quarantines.Open(0x02C04B0000010000UL, "4.1.1", DateTimeOffset.UtcNow, "test breach").Id;
    }

    private async Task<HttpResponseMessage> PostAsync()
    {
        var content = new ByteArrayContent(DuisRequests.Signed(_dir, DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier, DuisRequests.NextCounter()));
        content.Headers.ContentType = new("application/xml");
        return await _http.PostAsync("/api/v1/serviceS", content);
    }

    // The answer has the status, fixed words with a correlation id and no internal text; the log has the error under the id.
    private async Task<string> AssertFixedAnswerAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var id = CorrelationIdOf(response, text);
        AssertNoInternalText(text);
        AssertLoggedWithError(id);
        return text;
    }

    // The id is in a header and in the text, the same in both.
    private static string CorrelationIdOf(HttpResponseMessage response, string text)
    {
        Assert.True(response.Headers.TryGetValues(OperatorEndpoints.CorrelationHeader, out var values), "no correlation id header");
        var id = Assert.Single(values);
        Assert.Matches("^[0-9a-f]{16}$", id);
        Assert.Contains(id, text);
        return id;
    }

    private static void AssertNoInternalText(string text)
    {
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("internal.example", text);
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain("pending_requests", text);
    }

    // The server log has the whole error under the id the client got.
    private void AssertLoggedWithError(string id) =>
        Assert.Contains(_logs.LinesWithErrors, l => l.StartsWith("Error ", StringComparison.Ordinal) && l.Contains(id) && l.Contains("hunter2"));
}
