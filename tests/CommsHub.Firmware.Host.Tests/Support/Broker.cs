using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace CommsHub.Firmware.Host.Tests.Support;

/// <summary>
/// A real MQTTnet 5 broker on 127.0.0.1 and a free port, for the test's lifetime; open, or admitting only one user
/// name and password (refused with "bad user name or password", as the adapter's embedded broker does). The TLS
/// variant serves a given certificate and, when given a client CA, requires a client certificate that chains to it
/// (refused in the handshake otherwise, as the adapter's TLS endpoint does).
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

    /// <summary>Subjects of the client certificates of the connections admitted so far (TLS with a client CA only).</summary>
    public ConcurrentQueue<string> AdmittedCertificates { get; } = new();

    public static Task<Broker> StartAsync(string? userName = null, string? password = null) =>
        StartAsync((b, port) => b.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port),
            userName, password);

    /// <summary>
    /// Plain, open, and keeping a session (its subscriptions and the QoS 1 messages not yet acknowledged) when its
    /// client leaves: what the hub's persistent session (clean start false) expects of a broker. MQTTnet's server does
    /// not by default.
    /// </summary>
    public static Task<Broker> StartPersistentAsync() =>
        StartAsync((b, port) => b.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port)
            .WithPersistentSessions(), null, null);

    /// <summary>TLS only (no plain endpoint), serving <paramref name="certificate"/>; client certificates required when <paramref name="clientCa"/> is given.</summary>
    public static Task<Broker> StartTlsAsync(X509Certificate2 certificate, X509Certificate2? clientCa = null) =>
        StartAsync((b, port) =>
        {
            b.WithoutDefaultEndpoint().WithEncryptedEndpoint().WithEncryptedEndpointBoundIPAddress(IPAddress.Loopback)
                .WithEncryptedEndpointPort(port).WithEncryptionCertificate(certificate)
                .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13);
            if (clientCa is not null) b.WithClientCertificate((_, c, _, _) => ChainsTo(c, clientCa), checkCertificateRevocation: false);
        }, null, null);

    /// <summary>How long the broker sits on each publish before it acknowledges it, as an overloaded broker does.</summary>
    public TimeSpan PublishDelay { get; set; }

    /// <summary>Ends a client's connection from the broker's side, as an overloaded or restarting broker does.</summary>
    public Task DisconnectAsync(string clientId) =>
        _server.DisconnectClientAsync(clientId, new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.ServerBusy, ReasonString = "test" });

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(new MqttServerStopOptions());
        _server.Dispose();
    }

    private static async Task<Broker> StartAsync(Action<MqttServerOptionsBuilder, int> endpoint, string? userName, string? password)
    {
        // MQTTnet does not report the port it bound when asked for port 0: take a free one first.
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var factory = new MqttServerFactory();
        var builder = factory.CreateServerOptionsBuilder();
        endpoint(builder, port);
        var server = factory.CreateMqttServer(builder.Build());
        var broker = new Broker(server, port);
        server.ValidatingConnectionAsync += e =>
        {
            if (userName is not null && (e.UserName != userName || e.Password != password))
            {
                e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
                return Task.CompletedTask;
            }
            broker.Admitted.Enqueue(e.UserName);
            if (e.ClientCertificate is { } certificate) broker.AdmittedCertificates.Enqueue(certificate.Subject);
            return Task.CompletedTask;
        };
        server.InterceptingPublishAsync += async _ =>
        {
            if (broker.PublishDelay > TimeSpan.Zero) await Task.Delay(broker.PublishDelay);
        };
        await server.StartAsync();
        return broker;
    }

    private static bool ChainsTo(X509Certificate? certificate, X509Certificate2 ca)
    {
        if (certificate is null) return false;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
