using System.Buffers;
using System.Security.Authentication;
using CommsHub.Firmware.Core.Wan;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace CommsHub.Firmware.Host.Wan;

/// <summary>
/// <see cref="IWanTransport"/> on an MQTTnet 5 client (MQTT 5, QoS 1). <see cref="Connect"/> and <see cref="Subscribe"/>
/// block, bounded by <see cref="Timeout"/>, because <see cref="WanLink"/> calls them from the hub loop and drives
/// reconnects with its own backoff (MQTTnet's automatic reconnect is not used). <see cref="Publish"/> does not wait
/// for the PUBACK: it returns a local id at once and reports the outcome through <see cref="PublishCompleted"/>, from
/// MQTTnet's thread, possibly before <see cref="Publish"/> has returned (the link allows for that).
/// <para>
/// The session is persistent (clean start false, a long session expiry), so QoS 1 <c>down</c> messages published
/// while the hub was away are delivered when it comes back; the last will (the link's retained offline status) is
/// set on every connect.
/// </para>
/// <para>
/// Received messages are acknowledged only when the link says so (<see cref="Acknowledge"/>: the engine has taken the
/// command), and the CONNECT carries the link's MQTT 5 Receive Maximum, so a broker that honours it holds back further
/// commands while the hub holds its own back. One that does not (MQTTnet's own server) may send any number: those the
/// link's full inbox refuses are released (<see cref="Release"/>) unacknowledged, so what this transport holds is bounded
/// by the link's inbox. MQTTnet hands received messages to the handler on its own task, apart
/// from the loop that reads PUBACKs, so outbox frames keep draining meanwhile.
/// </para>
/// <para>
/// With <see cref="WanTlsSettings"/> the connection is TLS 1.2/1.3: the broker's certificate is judged by
/// <see cref="BrokerCertificateCheck"/> and the hub presents its client certificate when it has one. A handshake that
/// fails on trust (either side's) is reported through <see cref="Refusal"/>, like refused credentials.
/// </para>
/// </summary>
public sealed class MqttNetWanTransport : IWanTransport, IDisposable
{
    private readonly IMqttClient _client;
    private readonly string _host;
    private readonly int _port;
    private readonly WanTlsSettings? _tls;
    private readonly BrokerCertificateCheck? _brokerCheck;
    private readonly HubCertificateSelection? _hubCertificate;
    private NewestPublish? _newest; // the last publish handed over, for Disconnect

    // How recent a publish Disconnect still waits for: one handed over just before (the offline status), not one that
    // has waited this long for its PUBACK already.
    private const long FreshPublishMs = 1000;

    private sealed record NewestPublish(Task Task, long HandedOverAt);
    // Messages received on the current connection and not yet acknowledged, by delivery id.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, MqttApplicationMessageReceivedEventArgs> _unacknowledged = new();
    private int _nextId;
    private int _nextDelivery;
    private int _downTooLarge;

    /// <summary>
    /// A transport for the broker at <paramref name="host"/>:<paramref name="port"/> (not connected yet), over TLS when
    /// <paramref name="tls"/> is given.
    /// </summary>
    public MqttNetWanTransport(string host, int port, WanTlsSettings? tls = null)
    {
        _host = host;
        _port = port;
        _tls = tls;
        _brokerCheck = tls is null ? null : new BrokerCertificateCheck(tls.TrustAnchors);
        _hubCertificate = tls is null ? null : new HubCertificateSelection(tls.ClientCertificate);
        _client = new MqttClientFactory().CreateMqttClient(BufferedMqttClientAdapterFactory.Instance);
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += e =>
        {
            // A failed connect attempt raises this too; the link only needs to hear about a connection it had.
            if (e.ClientWasConnected)
            {
                LastDisconnect = DisconnectReason(e);
                Interlocked.Increment(ref _connectionsEnded); // after the reason: a reader that sees the count sees it
                Disconnected?.Invoke();
            }
            return Task.CompletedTask;
        };
    }

    /// <summary>Bound on connect, subscribe and disconnect (default 10 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Default of <see cref="MaxDownMessageBytes"/>: 64 KiB, far above any GBCS command (the HAN carries at most 2 KiB).</summary>
    public const int DefaultMaxDownMessageBytes = 64 * 1024;

    /// <summary>
    /// Largest down message handed to the link. A larger one cannot be a command the hub carries out, and the link
    /// holds every command in an array of its size until the engine takes it (up to its inbox capacity, 1,024 on the
    /// virtual hub): it is acknowledged (a redelivery would be as large) and dropped, counted in
    /// <see cref="DownTooLarge"/>, as a board's preallocated inbox drops what no slot holds.
    /// </summary>
    public int MaxDownMessageBytes { get; init; } = DefaultMaxDownMessageBytes;

    /// <summary>Down messages dropped for being larger than <see cref="MaxDownMessageBytes"/>.</summary>
    public int DownTooLarge => Volatile.Read(ref _downTooLarge);

    /// <summary>
    /// Received messages held (with their payloads) until the link acknowledges or releases them: at most the link's
    /// inbox, since a message the full inbox refused is released at once.
    /// </summary>
    public int Unacknowledged => _unacknowledged.Count;

    /// <summary>How long the broker keeps the session while the hub is away (default 7 days).</summary>
    public TimeSpan SessionExpiry { get; init; } = TimeSpan.FromDays(7);

    /// <inheritdoc />
    public bool IsConnected => _client.IsConnected;

    /// <inheritdoc />
    public event WanMessageHandler? MessageReceived;

    /// <inheritdoc />
    public event WanPublishAckHandler? PublishCompleted;

    /// <inheritdoc />
    public event WanDisconnectedHandler? Disconnected;

    /// <inheritdoc />
    public bool Connect(WanConnectOptions options)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_host, _port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(options.ClientId)
            .WithCleanStart(options.CleanSession)
            .WithSessionExpiryInterval(options.CleanSession ? 0u : (uint)SessionExpiry.TotalSeconds)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(options.KeepAliveSeconds))
            .WithTimeout(Timeout);
        if (options.UserName is not null) builder.WithCredentials(options.UserName, options.Password);
        if (options.ReceiveMaximum > 0) builder.WithReceiveMaximum((ushort)Math.Min(options.ReceiveMaximum, ushort.MaxValue));
        if (_tls is not null) builder.WithTlsOptions(TlsOptions());
        if (options.WillTopic is not null)
        {
            builder.WithWillTopic(options.WillTopic)
                .WithWillPayload(options.WillPayload)
                .WithWillRetain(options.WillRetain)
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        }
        using var cts = new CancellationTokenSource(Timeout);
        Refusal = null;
        // A PUBACK for a message of an earlier connection would acknowledge whatever now has its packet id.
        _unacknowledged.Clear();
        _brokerCheck?.Reset();
        _hubCertificate?.Reset();
        MqttClientConnectResult result;
        try
        {
            result = _client.ConnectAsync(builder.Build(), cts.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (TlsFailure(e) is { } why)
        {
            Refusal = new WanRefusal(WanRefusalKind.Tls, why);
            LastConnectFailure = why;
            return false;
        }
        catch (Exception e) when (NoteFailure(e))
        {
            throw; // never reached: NoteFailure only records
        }
        if (result.ResultCode == MqttClientConnectResultCode.Success)
        {
            LastConnectFailure = null;
            return true;
        }
        LastConnectFailure = string.IsNullOrEmpty(result.ReasonString) ? $"refused: {result.ResultCode}" : $"refused: {result.ResultCode} ({result.ReasonString})";
        if (RefusalText(result.ResultCode) is { } refusal)
            Refusal = new WanRefusal(WanRefusalKind.Credentials, string.IsNullOrEmpty(result.ReasonString) ? refusal : refusal + " (" + result.ReasonString + ")");
        return false;
    }

    /// <summary>
    /// Why the last connect attempt failed (a socket error, the broker's refusal, no CONNACK in time), or null after a
    /// success; for the hub's log, which otherwise reads "broker unreachable" whatever happened.
    /// </summary>
    public string? LastConnectFailure { get; private set; }

    /// <summary>
    /// How the last connection ended (the broker's reason, or the socket's error), once MQTTnet has reported it: the
    /// client's <see cref="IsConnected"/> turns false a moment before. Kept across later connects, and paired with
    /// <see cref="ConnectionsEnded"/>, so a fleet losing its connections under load can be told from a broker that is down.
    /// </summary>
    public string? LastDisconnect { get; private set; }

    /// <summary>Connections that have ended, as MQTTnet reported them (see <see cref="LastDisconnect"/>).</summary>
    public int ConnectionsEnded => Volatile.Read(ref _connectionsEnded);

    private int _connectionsEnded;

    private static string DisconnectReason(MqttClientDisconnectedEventArgs e)
    {
        var why = e.ReasonString is { Length: > 0 } text ? $"{e.Reason}: {text}" : e.Reason.ToString();
        return e.Exception is { } x ? $"{why} ({Innermost(x).Message})" : why;
    }

    private static Exception Innermost(Exception e)
    {
        for (var depth = 0; e.InnerException is not null && depth < 8; depth++) e = e.InnerException;
        return e;
    }

    // Records why a connect attempt threw, and lets the exception go on to the link (the filter never catches).
    private bool NoteFailure(Exception e)
    {
        LastConnectFailure = e is OperationCanceledException ? $"no CONNACK within {Timeout.TotalSeconds:F0} s" : Innermost(e).Message;
        return false;
    }

    /// <summary>
    /// Why the last connect failed in a way retrying with the same settings cannot cure (credentials or authority the
    /// broker refused, a TLS handshake that failed on trust), or null: the broker may just be down or busy.
    /// </summary>
    public WanRefusal? Refusal { get; private set; }

    /// <inheritdoc />
    public void Disconnect()
    {
        if (!_client.IsConnected) return;
        try
        {
            // A publish just handed over (the offline status WanLink.Stop sends before it) goes out first; MQTTnet sends in
            // order, so its PUBACK means every earlier publish was sent too. Not one handed over a while ago: that one waits
            // for a PUBACK that has not come, which is why the link closes (a missing PUBACK), and waiting for it held the
            // hub's loop for the whole timeout before every such close.
            if (Volatile.Read(ref _newest) is { } newest && Environment.TickCount64 - newest.HandedOverAt < FreshPublishMs) newest.Task.Wait(Timeout);
        }
        catch (AggregateException)
        {
            // Their outcome was reported through PublishCompleted.
        }
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            _client.DisconnectAsync(new MqttClientDisconnectOptions(), cts.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            // Already gone: the broker fires the will, which is what a broken connection should do anyway.
        }
    }

    /// <inheritdoc />
    public bool Subscribe(string topic)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var options = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var result = _client.SubscribeAsync(options, cts.Token).GetAwaiter().GetResult();
        foreach (var item in result.Items)
        {
            if (item.ResultCode != MqttClientSubscribeResultCode.GrantedQoS1) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public int Publish(string topic, byte[] payload, int offset, int count, bool retain)
    {
        if (!_client.IsConnected) return 0;
        int id = Interlocked.Increment(ref _nextId) & 0x7FFFFFFF;
        if (id == 0) id = Interlocked.Increment(ref _nextId) & 0x7FFFFFFF;
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload.AsSpan(offset, count).ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        var task = PublishAndReportAsync(id, message);
        Volatile.Write(ref _newest, new NewestPublish(task, Environment.TickCount64));
        return id;
    }

    /// <inheritdoc />
    public void Acknowledge(int deliveryId)
    {
        if (deliveryId == 0 || !_unacknowledged.TryRemove(deliveryId, out var received)) return;
        // Fire and forget: a PUBACK that cannot be sent means the connection is gone, and the broker delivers the
        // message again on the next one.
        _ = received.AcknowledgeAsync(CancellationToken.None).ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <inheritdoc />
    public void Release(int deliveryId)
    {
        // No PUBACK: the broker delivers the message again on the next session. Only our reference (and its payload) goes.
        if (deliveryId != 0) _unacknowledged.TryRemove(deliveryId, out _);
    }

    /// <summary>Closes the client.</summary>
    public void Dispose() => _client.Dispose();

    private async Task PublishAndReportAsync(int id, MqttApplicationMessage message)
    {
        bool ok;
        try
        {
            var result = await _client.PublishAsync(message).ConfigureAwait(false);
            ok = result.IsSuccess;
        }
        catch (Exception)
        {
            // The connection broke under the publish: the link notices the disconnect and republishes later.
            if (!_client.IsConnected) return;
            ok = false;
        }
        PublishCompleted?.Invoke(id, ok);
    }

    private MqttClientTlsOptions TlsOptions() => new MqttClientTlsOptionsBuilder()
        .UseTls()
        .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
        .WithCertificateValidationHandler(_brokerCheck!.Validate)
        .WithCertificateSelectionHandler(_hubCertificate!.Select)
        .Build();

    // Our own verdict on the broker's certificate, else the TLS layer's, else a broker that asked for the hub's
    // certificate and then hung up (TLS 1.3 refuses a client certificate after the handshake). Anything else (refused
    // TCP connect, timeout, a broker going down) is worth retrying.
    private string? TlsFailure(Exception e)
    {
        if (_tls is null || e is OperationCanceledException) return null;
        if (_brokerCheck?.LastRefusal is { } refused) return refused;
        bool asked = _hubCertificate!.Asked;
        if (asked && _hubCertificate.Certificate is null) return "the broker requires a client certificate (give --cert and --key)";
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is AuthenticationException) return "TLS handshake failed: " + inner.Message;
        return asked ? $"the broker closed the connection after asking for the hub's client certificate: it did not accept {Name(_hubCertificate.Certificate!)}" : null;
    }

    // SMKI device certificates have an empty subject (the EUI is in the subjectAltName): name those by serial number.
    private static string Name(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        string.IsNullOrEmpty(certificate.Subject) ? "the certificate with serial " + certificate.SerialNumber : certificate.Subject;

    // The CONNACK codes that say who the client is or what it may do is wrong (MQTT 5 reason codes 0x86, 0x87, 0x8A, 0x8C).
    private static string? RefusalText(MqttClientConnectResultCode code) => code switch
    {
        MqttClientConnectResultCode.BadUserNameOrPassword => "bad user name or password",
        MqttClientConnectResultCode.NotAuthorized => "not authorized",
        MqttClientConnectResultCode.Banned => "banned",
        MqttClientConnectResultCode.BadAuthenticationMethod => "bad authentication method",
        _ => null,
    };

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        if (e.ApplicationMessage.Payload.Length > MaxDownMessageBytes)
        {
            // Left to MQTTnet's automatic acknowledgement: never copied, never held.
            Interlocked.Increment(ref _downTooLarge);
            return Task.CompletedTask;
        }
        // Not acknowledged here: the link acknowledges the command once the engine has taken it.
        e.AutoAcknowledge = false;
        int id = Interlocked.Increment(ref _nextDelivery) & 0x7FFFFFFF;
        if (id == 0) id = Interlocked.Increment(ref _nextDelivery) & 0x7FFFFFFF;
        _unacknowledged[id] = e;
        var payload = e.ApplicationMessage.Payload.ToArray();
        MessageReceived?.Invoke(e.ApplicationMessage.Topic, payload, 0, payload.Length, id);
        return Task.CompletedTask;
    }
}
