using System.Buffers;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Cloud.Configuration;
using CommsHub.Cloud.Mqtt.Inbound;
using CommsHub.Dcc.Dispatch;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace CommsHub.Cloud.Mqtt.External;

/// <summary>
/// The adapter as an MQTT 5 client of an external broker (<see cref="MqttMode.External"/>). A persistent session (clean
/// start false, session expiry) keeps QoS 1 messages for it across a reconnect; up frames and requests arrive through
/// shared subscriptions (<see cref="ExternalBrokerTopics.Filters"/>), so instances of one share group split them; hub
/// presence comes from the retained <c>chub/{EUI}/status</c> and the hubs' last wills. Everything received goes into the
/// <see cref="MqttInbox"/> and is acknowledged by hand only when the adapter completes it, so a request's or up frame's
/// PUBACK to the broker comes after its outcome is committed: an instance that dies before that leaves the message
/// unacknowledged, and the broker delivers it again (with DUP) when the session reconnects.
/// <para>
/// A request or up frame whose outcome the store could not record is not acknowledged but handed over again after a
/// pause (the broker would only redeliver it after a reconnect): up frames until they succeed, requests up to
/// <see cref="RequestAttempts"/> times, then acknowledged with the failure and logged. A publish on a user's responses
/// topic that the broker acknowledges with Success matched a subscription (a user may subscribe only to its own, and its
/// persistent session holds the message): the user's side counts as having taken it. NoMatchingSubscribers means no
/// client of that user is subscribed; the outbox sends it again later.
/// </para>
/// </summary>
public sealed partial class ExternalBrokerClient : IHostedService, IMqttPublisher, IMqttMessageSource, IDisposable
{
    /// <summary>How often a request whose outcome could not be recorded is tried before it is acknowledged as failed.</summary>
    public const int RequestAttempts = 8;

    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(5);
    private readonly ExternalBrokerSettings _settings;
    private readonly string _password;
    private readonly MqttInbox _inbox;
    private readonly ILogger<ExternalBrokerClient> _logger;
    private readonly IMqttClient _client;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _reconnect = new(0, 1);
    private Task _reconnecting = Task.CompletedTask;
    // Bumped on every connect: a message received on an earlier connection must not be acknowledged on a later one,
    // where its packet id may name another message (the broker redelivers it on the new connection anyway).
    private int _connection;

    /// <summary>A client for the broker in <c>CommsHub:Mqtt:External</c> (not connected until <see cref="StartAsync"/>).</summary>
    public ExternalBrokerClient(IOptions<CommsHubOptions> options, MqttCredentials credentials, MqttInbox inbox, ILogger<ExternalBrokerClient> logger)
    {
        _settings = options.Value.Mqtt.External;
        _password = _settings.Password ?? credentials.SecretOf(_settings.Username)
            ?? throw new InvalidOperationException($"CommsHub:Mqtt:External:Password is unset and {credentials.Path} has no secret for '{_settings.Username}'");
        _inbox = inbox;
        _logger = logger;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected && !_stopping.IsCancellationRequested)
            {
                LogDisconnected(Endpoint, e.Reason.ToString());
                WakeReconnect();
            }
            return Task.CompletedTask;
        };
    }

    /// <inheritdoc/>
    public bool IsRunning => _client.IsConnected;

    /// <summary>Where it connects, for logs and the banner.</summary>
    public string Endpoint => $"{(_settings.Tls.Enabled ? "mqtts" : "mqtt")}://{_settings.Host}:{_settings.EffectivePort}";

    /// <inheritdoc/>
    public IEnumerable<string> Describe()
    {
        yield return $"commshub: mqtt external broker {Endpoint} (client id {_settings.ClientId}, username {_settings.Username}, "
            + $"share group {_settings.ShareGroup}{(IsRunning ? "" : ", not connected yet")})";
    }

    /// <summary>
    /// Connects and subscribes. A broker that refuses the adapter's credentials or authority stops the start with that
    /// reason; one that cannot be reached yet is tried again in the background.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ExternalBrokerRefusedException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogUnreachable(ex, Endpoint);
            WakeReconnect();
        }
        _reconnecting = ReconnectLoopAsync(_stopping.Token);
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _reconnecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's stop timeout ran out.
        }
        if (_client.IsConnected)
        {
            try
            {
                // A normal disconnect: the session (and anything not yet acknowledged) stays on the broker for the next start.
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
            {
                // Gone already.
            }
        }
    }

    /// <inheritdoc/>
    public async Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken = default)
    {
        if (!_client.IsConnected) throw new InvalidOperationException($"not connected to the external broker {Endpoint}");
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        if (result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers) return;
        if (result.ReasonCode != MqttClientPublishReasonCode.Success)
            throw new InvalidOperationException($"the external broker refused the publish on {topic}: {result.ReasonCode} {result.ReasonString}".TrimEnd());
        if (ExternalBrokerTopics.ResponsesTopicUser(topic) is { } user)
        {
            // Not awaited: the publisher may itself be running inside an inbox handler, which must not wait for room in
            // the inbox it is holding up. A feedback lost to a stop means one more delivery, never a lost one.
            _ = _inbox.PostAsync(new MqttInboundMessage(MqttInboundKind.UserTook, user, topic, payload), _stopping.Token)
                .AsTask().ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        }
    }

    // At most one wake-up pending: the loop reconnects until connected, however many disconnects it was told of.
    private void WakeReconnect()
    {
        try
        {
            if (_reconnect.CurrentCount == 0) _reconnect.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another wake-up got there first.
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connection);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_settings.ConnectTimeoutSeconds));
        MqttClientConnectResult result;
        try
        {
            result = await _client.ConnectAsync(ClientOptions(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (Inner<AuthenticationException>(ex) is { } tls)
        {
            throw new ExternalBrokerRefusedException($"TLS with the external broker {Endpoint} failed: {tls.Message}", ex);
        }
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            var message = $"the external broker {Endpoint} refused the adapter ({_settings.Username}, client id {_settings.ClientId}): {result.ResultCode} {result.ReasonString}".TrimEnd();
            if (Refusal(result.ResultCode) is not null) throw new ExternalBrokerRefusedException(message);
            throw new InvalidOperationException(message);
        }
        if (!result.SharedSubscriptionAvailable)
            throw new ExternalBrokerRefusedException($"the external broker {Endpoint} does not offer MQTT 5 shared subscriptions");
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in ExternalBrokerTopics.Filters(_settings.ShareGroup))
            subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        var granted = await _client.SubscribeAsync(subscribe.Build(), timeout.Token).ConfigureAwait(false);
        foreach (var item in granted.Items)
        {
            if (item.ResultCode != MqttClientSubscribeResultCode.GrantedQoS1)
                throw new ExternalBrokerRefusedException($"the external broker {Endpoint} refused the subscription {item.TopicFilter.Topic}: {item.ResultCode} "
                    + "(the adapter's account must be allowed to read every hub's up and status and every user's requests, $share/... included)");
        }
        LogConnected(Endpoint, _settings.ClientId, result.IsSessionPresent);
    }

    private MqttClientOptions ClientOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_settings.Host, _settings.EffectivePort)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(_settings.ClientId)
            .WithCredentials(_settings.Username, _password)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)_settings.SessionExpirySeconds)
            .WithReceiveMaximum((ushort)_settings.ReceiveMaximum)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(_settings.ConnectTimeoutSeconds));
        if (_settings.Tls.Enabled) builder.WithTlsOptions(TlsOptions(_settings.Tls));
        return builder.Build();
    }

    private static MqttClientTlsOptions TlsOptions(ExternalBrokerTlsSettings tls)
    {
        var options = new MqttClientTlsOptionsBuilder().UseTls().WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13);
        if (tls.CaFile is not null)
        {
            var anchors = new X509Certificate2Collection();
            anchors.ImportFromPemFile(tls.CaFile);
            options.WithTrustChain(anchors);
        }
        if (tls.CertificateFile is not null && tls.KeyFile is not null)
            options.WithClientCertificates([X509Certificate2.CreateFromPemFile(tls.CertificateFile, tls.KeyFile)]);
        return options.Build();
    }

    private async Task ReconnectLoopAsync(CancellationToken stopping)
    {
        var pause = TimeSpan.FromMilliseconds(250);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _reconnect.WaitAsync(stopping).ConfigureAwait(false);
                while (!_client.IsConnected && !stopping.IsCancellationRequested)
                {
                    try
                    {
                        await ConnectAsync(stopping).ConfigureAwait(false);
                        pause = TimeSpan.FromMilliseconds(250);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
                    {
                        LogReconnectFailed(Endpoint, ex.Message);
                        await Task.Delay(pause, stopping).ConfigureAwait(false);
                        pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        // Acknowledged by hand, once the adapter has completed the message (AcknowledgeWhenDoneAsync).
        e.AutoAcknowledge = false;
        var topic = e.ApplicationMessage.Topic;
        if (ExternalBrokerTopics.Classify(topic) is not { } what)
        {
            LogIgnored(topic);
            await e.AcknowledgeAsync(CancellationToken.None).ConfigureAwait(false);
            return;
        }
        var message = new MqttInboundMessage(what.Kind, what.Eui, topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Dup);
        var connection = Volatile.Read(ref _connection);
        try
        {
            // Waits while the inbox is full: MQTTnet then reads no further messages, and the broker holds them.
            await _inbox.PostAsync(message, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: not acknowledged, so the broker delivers it again.
            return;
        }
        _ = AcknowledgeWhenDoneAsync(e, message, connection);
    }

    private async Task AcknowledgeWhenDoneAsync(MqttApplicationMessageReceivedEventArgs e, MqttInboundMessage message, int connection)
    {
        try
        {
            var code = await message.Completion.ConfigureAwait(false);
            var pause = TimeSpan.FromMilliseconds(200);
            for (var attempt = 1; code == MqttPubAckReasonCode.UnspecifiedError; attempt++)
            {
                if (message.Kind == MqttInboundKind.UserRequest && attempt >= RequestAttempts)
                {
                    LogGaveUp(message.Topic, attempt);
                    break;
                }
                // Not recorded: hand it over again after a pause (the broker only redelivers after a reconnect).
                LogRetry(message.Topic, pause.TotalMilliseconds);
                await Task.Delay(pause, _stopping.Token).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
                message = new MqttInboundMessage(message.Kind, message.Eui, message.Topic, message.Payload, message.Resend);
                await _inbox.PostAsync(message, _stopping.Token).ConfigureAwait(false);
                code = await message.Completion.ConfigureAwait(false);
            }
            // Received on an earlier connection: the broker has delivered it again (DUP) on this one, and that copy is acknowledged.
            if (connection != Volatile.Read(ref _connection) || !_client.IsConnected) return;
            e.ReasonCode = (MqttApplicationMessageReceivedReasonCode)(int)code;
            await e.AcknowledgeAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            // Stopping, or the connection went: unacknowledged, so the broker delivers it again (DUP) on the next connection.
        }
    }

    private static string? Refusal(MqttClientConnectResultCode code) => code switch
    {
        MqttClientConnectResultCode.BadUserNameOrPassword => "bad user name or password",
        MqttClientConnectResultCode.NotAuthorized => "not authorized",
        MqttClientConnectResultCode.Banned => "banned",
        MqttClientConnectResultCode.ClientIdentifierNotValid => "client id not valid",
        MqttClientConnectResultCode.BadAuthenticationMethod => "bad authentication method",
        MqttClientConnectResultCode.UnsupportedProtocolVersion => "MQTT 5 not supported",
        _ => null,
    };

    private static T? Inner<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is T found) return found;
        return null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _client.Dispose();
        _stopping.Dispose();
        _reconnect.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT external broker {Endpoint}: connected as {ClientId} (session present: {SessionPresent})")]
    private partial void LogConnected(string endpoint, string clientId, bool sessionPresent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT external broker {Endpoint}: disconnected ({Reason}); reconnecting")]
    private partial void LogDisconnected(string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT external broker {Endpoint}: not reachable at start; trying again in the background")]
    private partial void LogUnreachable(Exception ex, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT external broker {Endpoint}: reconnect failed: {Reason}")]
    private partial void LogReconnectFailed(string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT {Topic}: not the adapter's traffic; acknowledged and dropped")]
    private partial void LogIgnored(string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT {Topic}: outcome not recorded; handed over again in {Milliseconds} ms")]
    private partial void LogRetry(string topic, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT {Topic}: outcome still not recorded after {Attempts} attempts; acknowledged as failed")]
    private partial void LogGaveUp(string topic, int attempts);
}
