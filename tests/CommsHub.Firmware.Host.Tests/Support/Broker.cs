using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace CommsHub.Firmware.Host.Tests.Support;

/// <summary>
/// A real MQTTnet 5 broker on 127.0.0.1 and a free port, for the test's lifetime; open, or admitting only one user
/// name and password (refused with "bad user name or password", as the adapter's embedded broker does).
/// </summary>
public sealed class Broker : IAsyncDisposable
{
    private readonly MqttServer _server;

    private Broker(MqttServer server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    /// <summary>User names of the connections admitted so far (null for none given).</summary>
    public ConcurrentQueue<string?> Admitted { get; } = new();

    public static async Task<Broker> StartAsync(string? userName = null, string? password = null)
    {
        // MQTTnet does not report the port it bound when asked for port 0: take a free one first.
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var factory = new MqttServerFactory();
        var options = factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .Build();
        var server = factory.CreateMqttServer(options);
        var broker = new Broker(server, port);
        server.ValidatingConnectionAsync += e =>
        {
            if (userName is not null && (e.UserName != userName || e.Password != password))
                e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            else
                broker.Admitted.Enqueue(e.UserName);
            return Task.CompletedTask;
        };
        await server.StartAsync();
        return broker;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(new MqttServerStopOptions());
        _server.Dispose();
    }
}
