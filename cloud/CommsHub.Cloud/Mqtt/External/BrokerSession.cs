using System.Buffers;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Cloud.Configuration;
using CommsHub.Cloud.Mqtt.Inbound;
using CommsHub.Dcc.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace CommsHub.Cloud.Mqtt.External;

/// <summary>
/// One MQTT 5 session of the adapter on an external broker: the instance's own (<see cref="ExternalBrokerClient"/>), or a
/// dead peer's that this instance has taken over to drain (<see cref="PeerSessionAdoption"/>). Everything received goes
/// into the <see cref="MqttInbox"/> and is acknowledged on this session only when the adapter has completed it, so an
/// instance that dies first leaves it unacknowledged in the session, where the broker keeps it.
/// </summary>
internal sealed partial class BrokerSession : IDisposable
{
    /// <summary>How often a request whose outcome could not be recorded is tried before it is acknowledged as failed.</summary>
    public const int RequestAttempts = 8;

    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(5);
    private readonly ExternalBrokerSettings _settings;
    private readonly uint _maximumPacketSize;
    private readonly string _password;
    private readonly MqttInbox _inbox;
    private readonly ILogger _logger;
    private readonly Action<string, bool>? _presence;
    private readonly CancellationTokenSource _stopping = new();
    private int _unacknowledged;
    private long _lastReceivedTicks = DateTime.UtcNow.Ticks;
    // Bumped on every connect: a message received on an earlier connection must not be acknowledged on a later one,
    // where its packet id may name another message (the broker redelivers it on the new connection anyway).
    private int _connection;

    /// <summary>A session under <paramref name="clientId"/>; <paramref name="presence"/> hears adapter presence publishes.</summary>
    /// <param name="maximumPacketSize">The largest packet the broker may send this session (MQTT 5 Maximum Packet Size):
    /// the broker drops for it anything larger, so an oversized publish of a user or hub never reaches the adapter.</param>
    public BrokerSession(ExternalBrokerSettings settings, uint maximumPacketSize, string password, string clientId, bool adopted, MqttInbox inbox,
        ILogger logger, Action<string, bool>? presence)
    {
        ArgumentOutOfRangeException.ThrowIfZero(maximumPacketSize);
        _settings = settings;
        _maximumPacketSize = maximumPacketSize;
        _password = password;
        ClientId = clientId;
        Adopted = adopted;
        _inbox = inbox;
        _logger = logger;
        _presence = presence;
        Client = new MqttClientFactory().CreateMqttClient();
        Client.ApplicationMessageReceivedAsync += OnMessageAsync;
    }

    /// <summary>The MQTT client (connected or not).</summary>
    public IMqttClient Client { get; }

    /// <summary>The session's client id.</summary>
    public string ClientId { get; }

    /// <summary>True for a dead peer's session taken over to drain.</summary>
    public bool Adopted { get; }

    /// <summary>Messages received and not yet acknowledged.</summary>
    public int Unacknowledged => Volatile.Read(ref _unacknowledged);

    /// <summary>When the last message arrived (UTC).</summary>
    public DateTime LastReceived => new(Interlocked.Read(ref _lastReceivedTicks), DateTimeKind.Utc);

    /// <summary>Where it connects, for logs and the banner.</summary>
    public string Endpoint => $"{(_settings.Tls.Enabled ? "mqtts" : "mqtt")}://{_settings.Host}:{_settings.EffectivePort}";

    /// <summary>Cancelled when the session is stopped.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>
    /// Connects (clean start false, so the broker's session and its QoS 1 messages continue) and returns whether the
    /// broker had a session. A refusal of credentials or authority throws <see cref="ExternalBrokerRefusedException"/>.
    /// </summary>
    public async Task<bool> ConnectAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connection);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_settings.ConnectTimeoutSeconds));
        MqttClientConnectResult result;
        try
        {
            result = await Client.ConnectAsync(ClientOptions(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (Inner<AuthenticationException>(ex) is { } tls)
        {
            throw new ExternalBrokerRefusedException($"TLS with the external broker {Endpoint} failed: {tls.Message}", ex);
        }
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            var message = $"the external broker {Endpoint} refused the adapter ({_settings.Username}, client id {ClientId}): {result.ResultCode} {result.ReasonString}".TrimEnd();
            if (Refusal(result.ResultCode) is not null) throw new ExternalBrokerRefusedException(message);
            throw new InvalidOperationException(message);
        }
        if (!result.SharedSubscriptionAvailable)
            throw new ExternalBrokerRefusedException($"the external broker {Endpoint} does not offer MQTT 5 shared subscriptions");
        return result.IsSessionPresent;
    }

    /// <summary>Subscribes to <paramref name="filters"/> at QoS 1; a refusal throws <see cref="ExternalBrokerRefusedException"/>.</summary>
    public async Task SubscribeAsync(IEnumerable<string> filters, CancellationToken cancellationToken)
    {
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in filters) subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        var granted = await Client.SubscribeAsync(subscribe.Build(), cancellationToken).ConfigureAwait(false);
        foreach (var item in granted.Items)
        {
            if (item.ResultCode != MqttClientSubscribeResultCode.GrantedQoS1)
                throw new ExternalBrokerRefusedException($"the external broker {Endpoint} refused the subscription {item.TopicFilter.Topic}: {item.ResultCode} "
                    + "(the adapter's account must be allowed to read every hub's up and status and every user's requests, $share/... included)");
        }
    }

    /// <summary>Removes the session's subscriptions to <paramref name="filters"/>, so the broker queues nothing new for it.</summary>
    public async Task UnsubscribeAsync(IEnumerable<string> filters, CancellationToken cancellationToken)
    {
        var unsubscribe = new MqttClientUnsubscribeOptionsBuilder();
        foreach (var filter in filters) unsubscribe.WithTopicFilter(filter);
        await Client.UnsubscribeAsync(unsubscribe.Build(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes <paramref name="payload"/> on <paramref name="topic"/> at QoS 1, retained when asked.</summary>
    public Task<MqttClientPublishResult> PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken) =>
        Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithRetainFlag(retain)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);

    /// <summary>
    /// Disconnects. <paramref name="endSession"/> asks the broker to drop the session (session expiry 0), so it queues
    /// nothing more for it; otherwise the session and anything unacknowledged stay for the next connect.
    /// </summary>
    public async Task DisconnectAsync(bool endSession, CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (!Client.IsConnected) return;
        try
        {
            await Client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken).ConfigureAwait(false);
            if (!endSession) return;
            // A session expiry of 0 in DISCONNECT is the property's default, which MQTTnet leaves out; a clean start with
            // no expiry discards the session instead, and the DISCONNECT after it leaves nothing behind.
            var clean = ClientOptions();
            clean.CleanSession = true;
            clean.SessionExpiryInterval = 0;
            clean.WillTopic = null;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(_settings.ConnectTimeoutSeconds));
            await Client.ConnectAsync(clean, timeout.Token).ConfigureAwait(false);
            await Client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            // Gone already.
        }
    }

    private MqttClientOptions ClientOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_settings.Host, _settings.EffectivePort)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(ClientId)
            .WithCredentials(_settings.Username, _password)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)_settings.SessionExpirySeconds)
            .WithReceiveMaximum((ushort)_settings.ReceiveMaximum)
            // The broker reads what users and hubs publish, whole, and would forward it whole (MQTT allows 256 MiB, and
            // Receive Maximum of them at once); the embedded broker refuses a publish above this limit from its sender.
            .WithMaximumPacketSize(_maximumPacketSize)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(_settings.ConnectTimeoutSeconds));
        // The instance's own session says when it goes: the peers then take over what the broker holds for it. A taken-
        // over session has no will: its peer's retained offline stays as it is.
        if (!Adopted && _settings.AdoptPeerSessions && AdapterPresence.Usable(ClientId))
            builder.WithWillTopic(AdapterPresence.Topic(ClientId)).WithWillPayload(AdapterPresence.Offline).WithWillRetain()
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
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

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        // Acknowledged by hand, once the adapter has completed the message (AcknowledgeWhenDoneAsync).
        e.AutoAcknowledge = false;
        Interlocked.Exchange(ref _lastReceivedTicks, DateTime.UtcNow.Ticks);
        var topic = e.ApplicationMessage.Topic;
        if (AdapterPresence.Read(topic, e.ApplicationMessage.Payload.IsSingleSegment ? e.ApplicationMessage.Payload.FirstSpan : e.ApplicationMessage.Payload.ToArray())
            is { } presence)
        {
            await e.AcknowledgeAsync(CancellationToken.None).ConfigureAwait(false);
            _presence?.Invoke(presence.ClientId, presence.Online);
            return;
        }
        if (ExternalBrokerTopics.Classify(topic) is not { } what)
        {
            LogIgnored(LogText.Untrusted(topic));
            await e.AcknowledgeAsync(CancellationToken.None).ConfigureAwait(false);
            return;
        }
        var message = new MqttInboundMessage(what.Kind, what.Eui, topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Dup);
        var connection = Volatile.Read(ref _connection);
        Interlocked.Increment(ref _unacknowledged);
        try
        {
            // Waits while the inbox is full: MQTTnet then reads no further messages, and the broker holds them.
            await _inbox.PostAsync(message, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: not acknowledged, so the broker delivers it again.
            Interlocked.Decrement(ref _unacknowledged);
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
                // The same publish again, so a resend (as the DUP flag says on a broker's redelivery): a request whose
                // decision was committed before its attempt failed (its answer could not be published) is then
                // acknowledged without a second answer, not answered E1 as a replay while its outcome follows.
                message = new MqttInboundMessage(message.Kind, message.Eui, message.Topic, message.Payload, resend: true);
                await _inbox.PostAsync(message, _stopping.Token).ConfigureAwait(false);
                code = await message.Completion.ConfigureAwait(false);
            }
            // Received on an earlier connection: the broker has delivered it again (DUP) on this one, and that copy is acknowledged.
            if (connection != Volatile.Read(ref _connection) || !Client.IsConnected) return;
            e.ReasonCode = (MqttApplicationMessageReceivedReasonCode)(int)code;
            await e.AcknowledgeAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            // Stopping, or the connection went: unacknowledged, so the broker delivers it again (DUP) on the next connection.
        }
        finally
        {
            Interlocked.Decrement(ref _unacknowledged);
        }
    }

    /// <summary>The reason a connect result code refuses the adapter for good, or null when trying again may help.</summary>
    public static string? Refusal(MqttClientConnectResultCode code) => code switch
    {
        MqttClientConnectResultCode.BadUserNameOrPassword => "bad user name or password",
        MqttClientConnectResultCode.NotAuthorized => "not authorized",
        MqttClientConnectResultCode.Banned => "banned",
        MqttClientConnectResultCode.ClientIdentifierNotValid => "client id not valid",
        MqttClientConnectResultCode.BadAuthenticationMethod => "bad authentication method",
        MqttClientConnectResultCode.UnsupportedProtocolVersion => "MQTT 5 not supported",
        _ => null,
    };

    /// <summary>The innermost <typeparamref name="T"/> in <paramref name="ex"/>'s chain, or null.</summary>
    public static T? Inner<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is T found) return found;
        return null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Client.Dispose();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT {Topic}: not the adapter's traffic; acknowledged and dropped")]
    private partial void LogIgnored(string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT {Topic}: outcome not recorded; handed over again in {Milliseconds} ms")]
    private partial void LogRetry(string topic, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT {Topic}: outcome still not recorded after {Attempts} attempts; acknowledged as failed")]
    private partial void LogGaveUp(string topic, int attempts);
}
