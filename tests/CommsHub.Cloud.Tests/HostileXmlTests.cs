using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using CommsHub.Cloud.Http;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// Issue 11, items 1 and 8, end to end: a megabyte of nested XML in several shapes, on every DUIS endpoint and over MQTT,
/// gets a clear 400 or log line and the adapter answers the next valid request; a signed request carrying a megabyte of
/// namespace declarations is answered E1 like any bad signature. (Twenty thousand levels used to end the process with a
/// stack overflow; forty thousand declarations held a request for half a minute.)
/// </summary>
[Collection(CloudCollection.Name)]
public sealed class HostileXmlTests(CloudFixture cloud)
{
    private const int OneMiB = 1024 * 1024;

    public static TheoryData<string, DeepXmlShape> EndpointsAndShapes()
    {
        var data = new TheoryData<string, DeepXmlShape>();
        foreach (var endpoint in new[] { "/api/v1/serviceS", "/api/v1/serviceT", "/api/v1/serviceD" })
        {
            foreach (var shape in Enum.GetValues<DeepXmlShape>()) data.Add(endpoint, shape);
        }
        return data;
    }

    [SharedDataTheory]
    [MemberData(nameof(EndpointsAndShapes))]
    public async Task A_MiB_of_nesting_is_400_and_the_next_valid_request_is_answered(string endpoint, DeepXmlShape shape)
    {
        var body = DeepXml.Build(shape, OneMiB, Encoding.UTF8.GetString(Valid()));
        Assert.InRange(body.Length, OneMiB - 512, OneMiB);

        var response = await cloud.Http.PostAsync(endpoint, Xml(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("TooDeep: the document nests elements more than 128 levels deep", await response.Content.ReadAsStringAsync());

        await AssertAnswersValidRequest(endpoint);
    }

    [SharedDataTheory]
    [InlineData(DeepXmlShape.Elements)]
    [InlineData(DeepXmlShape.ElementsWithAttributes)]
    [InlineData(DeepXmlShape.InsideSignature)]
    [InlineData(DeepXmlShape.InsideBody)]
    public async Task A_MiB_of_nesting_over_MQTT_is_a_log_line_and_the_next_valid_request_is_answered(DeepXmlShape shape)
    {
        var log = LogCapture.Of(cloud.App);
        var user = DemoIdentities.Supplier;
        await using var client = await MqttTestClient.ConnectAsync(cloud.MqttPort, Eui64.ToText(user),
            cloud.Credentials.SecretOf(Eui64.ToText(user)), Eui64.ToText(user) + "-hostile");
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await client.SubscribeAsync(TopicAuthorization.UserResponses(user)));

        var mark = log.Mark();
        var body = DeepXml.Build(shape, OneMiB, Encoding.UTF8.GetString(Valid()));
        // Refused before the PUBACK: the request is not acknowledged, so nothing is owed to the user.
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, await client.PublishAsync(TopicAuthorization.UserRequests(user), body));
        var line = log.WaitFor(mark, l => l.Contains("DUIS Mqtt: refused (TooDeep)", StringComparison.Ordinal), MqttTestClient.Timeout);
        Assert.True(line is not null, "no log line refusing the request");
        Assert.Contains("more than 128 levels deep", line, StringComparison.Ordinal);

        var valid = Valid();
        Assert.Equal(MqttClientPublishReasonCode.Success, await client.PublishAsync(TopicAuthorization.UserRequests(user), valid));
        var answer = client.Next();
        Assert.NotNull(answer);
        Assert.Equal("I99", DuisResponses.Code(DuisResponses.VerifyDspSigned(cloud, answer.Value.Payload)));
    }

    [SharedDataFact]
    public async Task A_signed_request_with_a_MiB_of_namespace_declarations_is_answered_E1_like_a_bad_signature()
    {
        var signed = Encoding.UTF8.GetString(Valid());
        var at = signed.IndexOf("<sr:Request", StringComparison.Ordinal) + "<sr:Request".Length;
        var declarations = new StringBuilder();
        for (var i = 0; declarations.Length + signed.Length + 24 < OneMiB; i++) declarations.Append(" xmlns:n").Append(i).Append("=\"urn:n\"");
        var body = Encoding.UTF8.GetBytes(signed.Insert(at, declarations.ToString()));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var response = await cloud.Http.PostAsync("/api/v1/serviceS", Xml(body));
        clock.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("SignatureInvalid", response.Headers.GetValues(DuisHttpEndpoints.RejectHeader).Single());
        Assert.Equal("E1", DuisResponses.Code(DuisResponses.VerifyDspSigned(cloud, await response.Content.ReadAsByteArrayAsync())));
        // Wall-clock on a shared machine, so generous: the quadratic canonicaliser took over a minute for this many.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"answered after {clock.Elapsed}");

        await AssertAnswersValidRequest("/api/v1/serviceS");
    }

    private byte[] Valid() => DuisRequests.Signed(cloud.DataDirectory, DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier);

    private async Task AssertAnswersValidRequest(string endpoint)
    {
        var response = await cloud.Http.PostAsync(endpoint, Xml(Valid()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var code = DuisResponses.Code(DuisResponses.VerifyDspSigned(cloud, await response.Content.ReadAsByteArrayAsync()));
        // serviceS answers I99; the other endpoints check the request's category and may answer with an access-control
        // E-code, but a signed DUIS answer shows the adapter is up and deciding.
        if (endpoint.EndsWith("serviceS", StringComparison.Ordinal)) Assert.Equal("I99", code);
        else Assert.False(string.IsNullOrEmpty(code));
    }

    private static ByteArrayContent Xml(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/xml");
        return content;
    }

    /// <summary>The host's log lines (warnings and above), added once to a running app's logger factory.</summary>
    private sealed class LogCapture : ILoggerProvider
    {
        private static readonly ConditionalWeakTable<WebApplication, LogCapture> Captures = new();
        private readonly List<string> _lines = [];
        private readonly object _gate = new(); // Monitor.Wait/PulseAll: lines are awaited, not polled

        public static LogCapture Of(WebApplication app) => Captures.GetValue(app, a =>
        {
            var capture = new LogCapture();
            a.Services.GetRequiredService<ILoggerFactory>().AddProvider(capture);
            return capture;
        });

        /// <summary>A position in the log: <see cref="WaitFor"/> looks only at lines written after it.</summary>
        public int Mark()
        {
            lock (_gate) return _lines.Count;
        }

        /// <summary>The first line after <paramref name="mark"/> that matches, waiting for it up to <paramref name="timeout"/>.</summary>
        public string? WaitFor(int mark, Func<string, bool> match, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            lock (_gate)
            {
                while (true)
                {
                    for (var i = mark; i < _lines.Count; i++)
                    {
                        if (match(_lines[i])) return _lines[i];
                    }
                    mark = _lines.Count;
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero || !Monitor.Wait(_gate, left)) return null;
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose() { }

        private void Add(string line)
        {
            lock (_gate)
            {
                _lines.Add(line);
                Monitor.PulseAll(_gate);
            }
        }

        private sealed class Logger(LogCapture owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) owner.Add(formatter(state, exception));
            }
        }
    }
}
