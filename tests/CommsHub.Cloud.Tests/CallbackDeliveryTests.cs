using System.Text;
using CommsHub.Cloud.Adapter;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// The users' HTTP callbacks against a real HTTP server on loopback, through the client as the adapter sets it up
/// (<see cref="CallbackClient"/>): only a 2xx from the configured URL itself takes an outcome out of the outbox.
/// </summary>
public sealed class CallbackDeliveryTests : IDisposable
{
    private const ulong User = 0x90B3D51F30010000;
    private const string Key = "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000";
    private static readonly byte[] Xml = Encoding.UTF8.GetBytes("<sr:Response>outcome</sr:Response>");

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-callback-" + Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services;

    private readonly LogCapture _log = new();

    public CallbackDeliveryTests()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(_log).SetMinimumLevel(LogLevel.Trace));
        CallbackClient.Add(services);
        _services = services.BuildServiceProvider();
    }

    public void Dispose()
    {
        _services.Dispose();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private HttpCallbackDelivery Delivery(Uri url) =>
        CallbackClient.Create(_services, new Dictionary<string, string> { [User.ToString("X16")] = url.ToString() });

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_callback_answering_a_redirect_has_not_taken_the_outcome_which_stays_in_the_outbox(int status)
    {
        // A moved endpoint or a login page: followed, .NET would fetch the login page (as a GET without the XML for
        // 301-303) and its 200 would count as the user's receipt.
        await using var server = await CallbackServer.StartAsync(context =>
        {
            if (context.Request.Path == "/login") return context.Response.WriteAsync("please log in");
            context.Response.StatusCode = status;
            context.Response.Headers.Location = "/login";
            return Task.CompletedTask;
        });
        using var store = SqliteDccStore.Open(_dir);
        var outbox = new UserOutbox(store, Delivery(server.At("/callback")));
        Exception? failure = null;
        outbox.DeliveryFailed += (_, ex) => failure = ex;
        var staged = outbox.Stage(new DuisDelivery(User, DuisMessageKind.Response, Key, Xml))!;

        Assert.Null(await outbox.DeliverAsync(staged));

        Assert.NotNull(store.Outbox.Find(DuisMessageKind.Response, Key));
        var seen = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/callback"), (seen.Method, seen.Path));
        // The operator's log line names the status and where the endpoint pointed.
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), failure!.Message);
        Assert.Contains("/login", failure.Message);
    }

    [Fact]
    public async Task A_2xx_whose_body_never_ends_takes_the_outcome_on_its_status_line()
    {
        // The receipt is the status; the body (here one that never ends, or a huge one) is not read.
        await using var server = await CallbackServer.StartAsync(async context =>
        {
            context.Response.ContentLength = 1_000_000;
            await context.Response.Body.WriteAsync(new byte[10], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        var delivery = Delivery(server.At("/callback"));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(DeliveryReceipt.Taken, await delivery.DeliverAsync(new DuisDelivery(User, DuisMessageKind.Response, Key, Xml)));

        Assert.True(clock.Elapsed < CallbackClient.Timeout / 2, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Every_attempt_carries_the_same_bytes_and_delivery_key_after_a_restart_too()
    {
        var answers = new Queue<int>([500, 200]);
        await using var server = await CallbackServer.StartAsync(context =>
        {
            lock (answers) context.Response.StatusCode = answers.Dequeue();
            return Task.CompletedTask;
        });
        var options = new UserOutboxOptions { FirstRetry = TimeSpan.FromMilliseconds(1) };
        using (var store = SqliteDccStore.Open(_dir))
        {
            var outbox = new UserOutbox(store, Delivery(server.At("/callback")), options);
            Assert.Null(await outbox.DeliverAsync(outbox.Stage(new DuisDelivery(User, DuisMessageKind.Response, Key, Xml))!));
        }
        // A new process on the same database.
        using (var store = SqliteDccStore.Open(_dir))
        {
            var outbox = new UserOutbox(store, Delivery(server.At("/callback")), options);
            await Task.Delay(10);
            Assert.Equal(1, (await outbox.PumpAsync()).Taken);
            Assert.Null(store.Outbox.Find(DuisMessageKind.Response, Key));
        }
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r =>
        {
            Assert.Equal(Key, r.DeliveryKey);
            Assert.Equal(Xml, r.Body);
        });
    }

    [Fact]
    public async Task A_token_in_the_callback_url_is_in_no_log_line_nor_error()
    {
        await using var server = await CallbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = 401;
            return Task.CompletedTask;
        });
        var delivery = Delivery(server.At("/callback?token=s3cret"));

        var error = await Assert.ThrowsAsync<CallbackRefusedException>(() =>
            delivery.DeliverAsync(new DuisDelivery(User, DuisMessageKind.Response, Key, Xml)));

        Assert.Single(server.Requests);
        Assert.Contains("401", error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
        // The client's own request lines name the endpoint, with the query redacted.
        Assert.Contains(_log.Lines, l => l.Contains("/callback", StringComparison.Ordinal));
        Assert.DoesNotContain(_log.Lines, l => l.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_callback_that_answers_its_headers_a_byte_at_a_time_fails_at_the_timeout()
    {
        // Kestrel writes whole header blocks, so the dribbling endpoint is a raw socket: one byte of a status line a second.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var dribble = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(stop.Token);
            var stream = client.GetStream();
            foreach (var b in "HTTP/1.1 200 OK\r\nX-Slow: "u8.ToArray().Concat(Enumerable.Repeat((byte)'a', 1000)))
            {
                await stream.WriteAsync(new[] { b }, stop.Token);
                await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
            }
        });
        var delivery = Delivery(new Uri($"http://127.0.0.1:{port}/callback"));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            delivery.DeliverAsync(new DuisDelivery(User, DuisMessageKind.Response, Key, Xml)));

        Assert.InRange(clock.Elapsed, CallbackClient.Timeout - TimeSpan.FromSeconds(1), CallbackClient.Timeout + TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => dribble);
    }
}
