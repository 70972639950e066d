using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CommsHub.Cloud.Tests;

/// <summary>A user's callback endpoint: real Kestrel on a free loopback port, answering as the test says and recording
/// every request it saw.</summary>
public sealed class CallbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    /// <summary>One request as the server saw it.</summary>
    public sealed record Seen(string Method, string Path, string? DeliveryKey, byte[] Body);

    private CallbackServer(WebApplication app) => _app = app;

    /// <summary>The requests so far, in arrival order.</summary>
    public ConcurrentQueue<Seen> Requests { get; } = new();

    /// <summary>The server's base address (http://127.0.0.1:port).</summary>
    public Uri BaseAddress => new(_app.Urls.First());

    /// <summary>Starts a server whose every request is recorded, then answered by <paramref name="answer"/>.</summary>
    public static async Task<CallbackServer> StartAsync(Func<HttpContext, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new CallbackServer(app);
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            server.Requests.Enqueue(new Seen(context.Request.Method, context.Request.Path.Value ?? "",
                context.Request.Headers["X-DUIS-Delivery-Key"].FirstOrDefault(), body.ToArray()));
            await answer(context);
        });
        await app.StartAsync();
        return server;
    }

    /// <summary>The URL of <paramref name="path"/> on this server.</summary>
    public Uri At(string path) => new(BaseAddress, path);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2))) await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
