using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Protocol.Net.Mqtt;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace CommsHub.Cloud.Mqtt;

/// <summary>
/// The MQTTnet 5 server's TCP transport (plain and TLS endpoints, as the server options configure them), with fewer
/// system calls per packet than MQTTnet's own <c>MqttTcpServerAdapter</c>: each connection is read through a
/// <see cref="BufferedMqttChannel"/> and every packet is written in one piece. Pass it to
/// <see cref="MqttServerFactory.CreateMqttServer(MqttServerOptions, IEnumerable{IMqttServerAdapter})"/>.
/// </summary>
/// <remarks>
/// MQTTnet's server reads each packet as its fixed header, then each further length byte, then the body, each a socket
/// read (and a failed one before each wait), and writes a PUBLISH as header and payload: about 12 receive and 7.6 send
/// calls per bench request in the adapter. Everything above the channel is MQTTnet's (packet formatter, channel adapter,
/// sessions, keep-alive, authentication hooks), so the broker behaves as before. The TLS endpoint is buffered over the
/// <see cref="SslStream"/> the same way; the client certificate the handshake accepted reaches the connection's
/// validation as with MQTTnet's transport. Unlike MQTTnet's, the TLS handshake is bounded by the server's
/// communication timeout, and a stop closes connections the server does not know yet (handshake or CONNECT pending).
/// </remarks>
public sealed partial class BufferedMqttServerAdapter : IMqttServerAdapter
{
    /// <summary>
    /// The largest TCP segment the broker's connections send or are sent (on Linux): Ethernet's, so that loopback
    /// connections to clients with small receive buffers do not stall (see <c>docs/bench/perf-srvchan2.md</c>).
    /// </summary>
    public const int MaxSegmentBytes = 1460;

    private readonly int _blockSize;
    private readonly ILogger _logger;
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private MqttServerOptions? _options;
    private IMqttNetLogger _mqttLogger = MqttNetNullLogger.Instance;
    private CancellationTokenSource? _stopping;

    /// <summary>A transport reading each connection in blocks of <paramref name="blockSize"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">a block size below 16 bytes.</exception>
    public BufferedMqttServerAdapter(int blockSize, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 16);
        ArgumentNullException.ThrowIfNull(logger);
        _blockSize = blockSize;
        _logger = logger;
    }

    /// <inheritdoc/>
    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    /// <summary>Connections accepted and not yet closed (tests watch a stop close them all).</summary>
    public int OpenConnections => _connections.Count;

    /// <summary>Binds and listens on the endpoints <paramref name="options"/> enables (both families unless one is <see cref="IPAddress.None"/>).</summary>
    /// <exception cref="InvalidOperationException">already started.</exception>
    /// <exception cref="SocketException">an endpoint could not be bound (nothing is left listening then).</exception>
    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (_stopping is not null) throw new InvalidOperationException("the MQTT server transport is already started");
        _options = options;
        _mqttLogger = logger ?? MqttNetNullLogger.Instance;
        _stopping = new CancellationTokenSource();
        try
        {
            if (options.DefaultEndpointOptions is { IsEnabled: true } plain) Listen(plain, _stopping.Token);
            if (options.TlsEndpointOptions is { IsEnabled: true } tls)
            {
                if (tls.CertificateProvider is null) throw new ArgumentException("the TLS endpoint has no server certificate", nameof(options));
                Listen(tls, _stopping.Token);
            }
        }
        catch
        {
            CloseListeners();
            _stopping.Dispose();
            _stopping = null;
            throw;
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops accepting, then closes the connections still open (the server closed its clients' before calling this) and
    /// waits a few seconds for their handlers to end, so no socket or accept loop outlives the stop.
    /// </summary>
    public async Task StopAsync()
    {
        var stopping = _stopping;
        if (stopping is null) return;
        _stopping = null;
        await stopping.CancelAsync().ConfigureAwait(false);
        CloseListeners();
        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        _acceptLoops.Clear();
        foreach (var socket in _connections.Keys) socket.Dispose();
        try
        {
            await Task.WhenAll(_connections.Values).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogSlowStop(_connections.Count);
        }
        stopping.Dispose();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // Without waiting (StopAsync is the orderly way): whatever is still open is closed.
        _stopping?.Cancel();
        CloseListeners();
        foreach (var socket in _connections.Keys) socket.Dispose();
        _stopping?.Dispose();
        _stopping = null;
    }

    private void Listen(MqttServerTcpEndpointBaseOptions endpoint, CancellationToken stopping)
    {
        foreach (var address in new[] { endpoint.BoundInterNetworkAddress, endpoint.BoundInterNetworkV6Address })
        {
            // MQTTnet's convention: IPAddress.None switches a family off.
            if (address is null || address.Equals(IPAddress.None)) continue;
            // An IPv6 socket made for its family is IPv6-only in .NET, so "::" and "0.0.0.0" can share a port.
            var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (endpoint.ReuseAddress) listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                if (endpoint.LingerState is { } linger) listener.LingerState = linger;
                // Set on the listener, as MQTTnet does: Linux hands them on to every socket it accepts.
                if (endpoint.KeepAlive is { } keepAlive) listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, keepAlive);
                if (endpoint.TcpKeepAliveTime is { } idle) listener.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, idle);
                if (endpoint.TcpKeepAliveInterval is { } interval) listener.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, interval);
                if (endpoint.TcpKeepAliveRetryCount is { } retries) listener.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, retries);
                ClampSegmentSize(listener);
                listener.Bind(new IPEndPoint(address, endpoint.Port));
                // Port 0: the other family then binds the port this one got, as MQTTnet's listener does.
                endpoint.Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
                listener.Listen(endpoint.ConnectionBacklog);
            }
            catch
            {
                listener.Dispose();
                throw;
            }
            _listeners.Add(listener);
            _acceptLoops.Add(Task.Run(() => AcceptAsync(listener, endpoint, stopping), CancellationToken.None));
        }
    }

    // Linux's TCP_MAXSEG (IPPROTO_TCP 6, option 2), set on the listener: every connection it accepts sends segments of
    // at most MaxSegmentBytes. On loopback the segment size is otherwise bounded only by half the largest window the
    // peer ever offered (about 6.9 KB for an MQTTnet client, whose 8 KB SO_RCVBUF caps its window near 13.8 KB). When
    // such a client falls behind, its offered window settles just below that segment size (6,860 against 6,916
    // measured), and Linux sends nothing more until its persist timer fires, every 200 ms or more: 10-15 round trips/s
    // with every thread idle and the rest queued in the socket. With segments of at most 1,460 bytes (Ethernet's) an
    // open window always holds at least one. Across a real network segments are no larger than this already.
    private static void ClampSegmentSize(Socket listener)
    {
        if (!OperatingSystem.IsLinux()) return;
        Span<byte> value = stackalloc byte[sizeof(int)];
        BitConverter.TryWriteBytes(value, MaxSegmentBytes);
        listener.SetRawSocketOption(6, 2, value);
    }

    private void CloseListeners()
    {
        foreach (var listener in _listeners) listener.Dispose();
        _listeners.Clear();
    }

    private async Task AcceptAsync(Socket listener, MqttServerTcpEndpointBaseOptions endpoint, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                continue; // the peer gave up before its connection was taken
            }
            catch (SocketException e)
            {
                // Typically the open-files limit: tried again a second later (as MQTTnet's listener does), so the
                // broker accepts again once connections have closed.
                LogAcceptFailed(listener.LocalEndPoint?.ToString() ?? "?", e.SocketErrorCode.ToString(), e.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            // Registered before it runs, so a stop that comes at once still finds (and closes) it; served on the thread
            // pool, so the accept loop goes straight back to accepting.
            var serve = new Task<Task>(() => ServeAsync(socket, endpoint, stopping));
            _connections[socket] = serve.Unwrap();
            serve.Start(TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket socket, MqttServerTcpEndpointBaseOptions endpoint, CancellationToken stopping)
    {
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        var remote = "?";
        try
        {
            var remoteEndPoint = socket.RemoteEndPoint;
            remote = remoteEndPoint?.ToString() ?? "?";
            socket.NoDelay = endpoint.NoDelay;
            X509Certificate2? clientCertificate = null;
            if (endpoint is MqttServerTlsTcpEndpointOptions tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, tls.RemoteCertificateValidationCallback);
                stream = ssl;
                clientCertificate = await HandshakeAsync(ssl, tls, stopping).ConfigureAwait(false);
            }
            if (ClientHandler is not { } handler || stopping.IsCancellationRequested) return;
            var channel = new BufferedMqttChannel(new MqttTcpChannel(stream, socket.LocalEndPoint, remoteEndPoint, clientCertificate), _blockSize);
            var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(_options!.WriterBufferSize, _options.WriterBufferSizeMax));
            // One write per packet: a payload of a few KB is cheaper to copy than a second send call and TCP segment.
            using var adapter = new MqttChannelAdapter(channel, formatter, _mqttLogger) { AllowPacketFragmentation = false };
            await handler(adapter).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or OperationCanceledException or ObjectDisposedException)
        {
            // A peer that went away, failed the TLS handshake or was cut off by a stop: only its connection ends.
            LogConnectionEnded(remote, e.GetType().Name, e.Message);
        }
        catch (Exception e)
        {
            LogConnectionFailed(e, remote);
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            _connections.TryRemove(socket, out _);
        }
    }

    // The TLS handshake, bounded by the server's communication timeout (a client that opens a connection and says
    // nothing must not hold a socket for ever); returns the certificate the client presented, if any.
    private async Task<X509Certificate2?> HandshakeAsync(SslStream ssl, MqttServerTlsTcpEndpointOptions tls, CancellationToken stopping)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        bounded.CancelAfter(_options!.DefaultCommunicationTimeout);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = tls.CertificateProvider.GetCertificate(),
            ClientCertificateRequired = tls.ClientCertificateRequired,
            EnabledSslProtocols = tls.SslProtocol,
            CertificateRevocationCheckMode = tls.CheckCertificateRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck,
            CipherSuitesPolicy = tls.CipherSuitesPolicy,
        }, bounded.Token).ConfigureAwait(false);
        return ssl.RemoteCertificate switch
        {
            null => null,
            X509Certificate2 certificate => certificate,
            var other => X509CertificateLoader.LoadCertificate(other.GetRawCertData()),
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT listener {Endpoint} could not accept a connection ({Error}: {Reason}); retrying in 1 s")]
    private partial void LogAcceptFailed(string endpoint, string error, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT connection from {Remote} ended: {Type}: {Reason}")]
    private partial void LogConnectionEnded(string remote, string type, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT connection from {Remote} failed")]
    private partial void LogConnectionFailed(Exception exception, string remote);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT transport stop: {Count} connection handlers still running after 5 s")]
    private partial void LogSlowStop(int count);
}
