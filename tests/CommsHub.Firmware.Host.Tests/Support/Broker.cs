using System.Net;
using System.Net.Sockets;
using MQTTnet.Server;

namespace CommsHub.Firmware.Host.Tests.Support;

/// <summary>A real MQTTnet 5 broker on 127.0.0.1 and a free port, for the test's lifetime.</summary>
public sealed class Broker : IAsyncDisposable
{
    private readonly MqttServer _server;

    private Broker(MqttServer server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    public static async Task<Broker> StartAsync()
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
        await server.StartAsync();
        return new Broker(server, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(new MqttServerStopOptions());
        _server.Dispose();
    }
}
