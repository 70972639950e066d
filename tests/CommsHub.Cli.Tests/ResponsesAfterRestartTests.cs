using System.Net;
using System.Net.Sockets;
using System.Text;
using CommsHub.Cli.Commands;
using CommsHub.Cloud;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// The user's MQTT side of <c>read-meter</c> and <c>send --wait</c> survives an adapter restart (issue 11, item 11): the
/// client connects and subscribes again, so an answer published after the restart still reaches a wait begun before it.
/// </summary>
public sealed class ResponsesAfterRestartTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "commshub-cli-restart-" + Guid.NewGuid().ToString("N"));
    private readonly int _httpPort = FreePort();
    private readonly int _mqttPort = FreePort();
    private WebApplication? _app;

    public async Task InitializeAsync()
    {
        if (SharedData.Available) await StartAsync();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    [SharedDataFact]
    public async Task An_answer_published_after_the_adapter_restarted_mid_wait_is_received()
    {
        var user = DemoIdentities.Supplier;
        var password = DuisClient.PasswordFrom(Path.Combine(_dataDirectory, "mqtt", "credentials.json"), user)!;
        await using var client = await DuisClient.ConnectAsync(new Uri($"http://127.0.0.1:{_httpPort}"), user, "127.0.0.1", _mqttPort, password, null,
            CancellationToken.None);
        var resubscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Subscribed += () => resubscribed.TrySetResult();
        var requestId = $"{RequestId.FormatEui(user)}:{RequestId.FormatEui(DemoIdentities.Hubs[0] - 2)}:1";
        var waiting = client.WaitForResponseAsync(requestId, Wait, CancellationToken.None);

        await StopAsync();
        await StartAsync();
        await resubscribed.Task.WaitAsync(Wait);
        await _app!.Services.GetRequiredService<EmbeddedBroker>().PublishAsync(TopicAuthorization.UserResponses(user), Encoding.UTF8.GetBytes(
            $"""<sr:Response xmlns:sr="{DuisNamespaces.ServiceUserGateway}"><sr:Header><sr:RequestID>{requestId}</sr:RequestID><sr:ResponseCode>I0</sr:ResponseCode></sr:Header></sr:Response>"""));

        var answer = await waiting;
        Assert.NotNull(answer);
        Assert.Equal("I0", answer.Field("ResponseCode"));
    }

    private async Task StartAsync()
    {
        _app = CloudApp.Create(
        [
            "--data-dir", _dataDirectory, "--http-url", $"http://127.0.0.1:{_httpPort}", "--mqtt-port", _mqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--duis-schemas", SharedData.PathOf("vectors/gbcs/duis"), "--Logging:LogLevel:Default=Warning",
        ], console: TextWriter.Null);
        await _app.StartAsync();
    }

    private async Task StopAsync()
    {
        if (_app is null) return;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
        _app = null;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
