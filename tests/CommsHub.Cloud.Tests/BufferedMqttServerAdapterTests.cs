using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Cloud.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Server;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// The embedded broker's buffered server transport on its own, under a bare MQTTnet server: packets of every size
/// cross it both ways, the TLS endpoint hands the connection's validation the client certificate the handshake accepted,
/// a malformed packet ends only its own connection, a stop leaves no listener and no socket open, and connections use
/// segments a small client window holds. (The broker's own suites run over it by default, and over MQTTnet's transport
/// with <c>CommsHub__Mqtt__BufferedTransport=false</c> in the environment.)
/// </summary>
public sealed class BufferedMqttServerAdapterTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Publishes_of_every_size_cross_it_both_ways_and_split_writes_from_the_client_are_read_whole()
    {
        await using var broker = await Broker.StartAsync(b => b.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.None).WithDefaultEndpointPort(0));
        Assert.NotEqual(0, broker.Port); // port 0: the bound port is written back, as MQTTnet's transport does
        // MQTTnet's default client writes a PUBLISH as two writes (header, then payload): the server reads across them.
        await using var client = await MqttTestClient.ConnectAsync(broker.Port, null, null, "sizes");
        await client.SubscribeAsync("echo/#");
        foreach (var size in new[] { 0, 1, 127, 128, 16 * 1024 - 5, 16 * 1024, 300 * 1024, 1024 * 1024 })
        {
            var payload = RandomNumberGenerator.GetBytes(size);
            await client.PublishAsync($"echo/{size}", payload);
            var got = client.Next(Wait);
            Assert.NotNull(got);
            Assert.Equal($"echo/{size}", got.Value.Topic);
            Assert.Equal(payload, got.Value.Payload);
        }
    }

    [Fact]
    public async Task The_tls_endpoint_gives_the_connections_validation_the_client_certificate_the_handshake_accepted()
    {
        using var serverCertificate = SelfSigned("CN=broker");
        using var clientCertificate = SelfSigned("CN=hub");
        X509Certificate2? seen = null;
        await using var broker = await Broker.StartAsync(b => b.WithoutDefaultEndpoint().WithEncryptedEndpoint()
            .WithEncryptedEndpointBoundIPAddress(IPAddress.Loopback).WithEncryptedEndpointBoundIPV6Address(IPAddress.None).WithEncryptedEndpointPort(0)
            .WithEncryptionCertificate(serverCertificate).WithClientCertificate((_, certificate, _, _) => certificate is not null, false),
            server => server.ValidatingConnectionAsync += e =>
            {
                seen = e.ClientCertificate;
                return Task.CompletedTask;
            });
        var tls = new MqttClientTlsOptionsBuilder().UseTls().WithCertificateValidationHandler(_ => true)
            .WithClientCertificates([clientCertificate]).Build();
        await using var client = await MqttTestClient.ConnectAsync(broker.TlsPort, null, null, "tls", tls);

        Assert.Equal(clientCertificate.Thumbprint, seen?.Thumbprint);
        await client.SubscribeAsync("echo");
        await client.PublishAsync("echo", new byte[40_000]);
        Assert.Equal(40_000, client.Next(Wait)?.Payload.Length);
    }

    [Fact]
    public async Task A_tls_client_that_never_finishes_its_handshake_is_cut_off_after_the_communication_timeout()
    {
        using var serverCertificate = SelfSigned("CN=broker");
        await using var broker = await Broker.StartAsync(b => b.WithoutDefaultEndpoint().WithEncryptedEndpoint()
            .WithEncryptedEndpointBoundIPAddress(IPAddress.Loopback).WithEncryptedEndpointBoundIPV6Address(IPAddress.None).WithEncryptedEndpointPort(0)
            .WithEncryptionCertificate(serverCertificate).WithDefaultCommunicationTimeout(TimeSpan.FromMilliseconds(300)));
        using var silent = new TcpClient();
        await silent.ConnectAsync(IPAddress.Loopback, broker.TlsPort);
        // The server closes its side: the read ends (0 bytes, or a reset) instead of waiting for ever.
        await ClosedByPeerAsync(silent);
        await UntilAsync(() => broker.Transport.OpenConnections == 0);
    }

    [Fact]
    public async Task A_malformed_packet_ends_only_its_own_connection()
    {
        await using var broker = await Broker.StartAsync(b => b.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.None).WithDefaultEndpointPort(0));
        await using var good = await MqttTestClient.ConnectAsync(broker.Port, null, null, "good");
        using var bad = new TcpClient();
        await bad.ConnectAsync(IPAddress.Loopback, broker.Port);
        // A CONNECT whose remaining length has five bytes (MQTT allows four).
        await bad.GetStream().WriteAsync(new byte[] { 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0, 0, 0, 0 });
        await ClosedByPeerAsync(bad);

        await good.SubscribeAsync("still");
        await good.PublishAsync("still", [1, 2, 3]);
        Assert.Equal([1, 2, 3], good.Next(Wait)?.Payload);
    }

    [Fact]
    public async Task A_stop_closes_the_listeners_and_every_connection_even_one_that_never_sent_CONNECT_and_a_restart_listens_again()
    {
        var broker = await Broker.StartAsync(b => b.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.None).WithDefaultEndpointPort(0));
        await using (broker)
        {
            var client = await MqttTestClient.ConnectAsync(broker.Port, null, null, "stopped");
            using var mute = new TcpClient();
            await mute.ConnectAsync(IPAddress.Loopback, broker.Port);
            await UntilAsync(() => broker.Transport.OpenConnections == 2);

            await broker.Server.StopAsync(new MqttServerStopOptions());
            Assert.Equal(0, broker.Transport.OpenConnections);
            await ClosedByPeerAsync(mute);
            await UntilAsync(() => !client.Client.IsConnected);
            await client.DisposeAsync();
            var refused = await Assert.ThrowsAsync<SocketException>(async () =>
            {
                using var late = new TcpClient();
                await late.ConnectAsync(IPAddress.Loopback, broker.Port);
            });
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);

            await broker.Server.StartAsync();
            await using var again = await MqttTestClient.ConnectAsync(broker.Port, null, null, "again");
            Assert.True(again.Client.IsConnected);
        }
    }

    [Fact]
    public async Task Its_connections_use_segments_no_larger_than_ethernets_so_a_small_client_window_always_holds_one()
    {
        // Linux's TCP_MAXSEG is what the transport sets; elsewhere it leaves the segment size alone (and this has nothing to check).
        if (!OperatingSystem.IsLinux()) return;
        await using var broker = await Broker.StartAsync(b => b.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.None).WithDefaultEndpointPort(0));
        // A client with MQTTnet's default receive buffer (8 KB). Without the clamp, loopback segments grow to half the
        // largest window such a client ever offered (6,916 bytes measured), its window then settled at 6,860 bytes, and
        // the server sent only on its 200 ms persist timer: 10-15 round trips/s (docs/bench/perf-srvchan2.md).
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 8192 };
        await client.ConnectAsync(IPAddress.Loopback, broker.Port);
        var segment = new byte[sizeof(int)];
        // getsockopt(TCP_MAXSEG) on a connected socket: the segment size agreed with the server's SYN-ACK (whose MSS the
        // clamp lowers), less the TCP options each segment carries.
        client.GetRawSocketOption(6, 2, segment);
        int agreed = BitConverter.ToInt32(segment);
        Assert.InRange(agreed, 1, BufferedMqttServerAdapter.MaxSegmentBytes);
    }

    // Reads until the server ends the connection (0 bytes, or a reset); fails if it stays open.
    private static async Task ClosedByPeerAsync(TcpClient client)
    {
        using var deadline = new CancellationTokenSource(Wait);
        var buffer = new byte[256];
        try
        {
            while (await client.GetStream().ReadAsync(buffer, deadline.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
        }
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (!condition()) await Task.Delay(20, deadline.Token);
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Through PKCS#12, so the TLS layer can use the key on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    // An MQTTnet server running on the buffered transport only.
    private sealed class Broker : IAsyncDisposable
    {
        private Broker(MqttServer server, MqttServerOptions options, BufferedMqttServerAdapter transport)
        {
            Server = server;
            Options = options;
            Transport = transport;
        }

        public MqttServer Server { get; }

        public MqttServerOptions Options { get; }

        public BufferedMqttServerAdapter Transport { get; }

        public int Port => Options.DefaultEndpointOptions.Port;

        public int TlsPort => Options.TlsEndpointOptions.Port;

        public static async Task<Broker> StartAsync(Action<MqttServerOptionsBuilder> endpoints, Action<MqttServer>? hooks = null)
        {
            var factory = new MqttServerFactory();
            var builder = factory.CreateServerOptionsBuilder();
            endpoints(builder);
            var options = builder.Build();
            var transport = new BufferedMqttServerAdapter(16 * 1024, NullLogger.Instance);
            var server = factory.CreateMqttServer(options, [transport]);
            hooks?.Invoke(server);
            await server.StartAsync();
            return new Broker(server, options, transport);
        }

        public async ValueTask DisposeAsync()
        {
            if (Server.IsStarted) await Server.StopAsync(new MqttServerStopOptions());
            Server.Dispose();
        }
    }
}
