using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Cloud.Configuration;
using CommsHub.Cloud.Mqtt.Inbound;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Logging;
using CommsHub.Protocol.Net.Crypto;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace CommsHub.Cloud.Mqtt;

/// <summary>
/// The in-process MQTTnet 5 broker, enforcing DESIGN.md's topic authorisation: every CONNECT is authenticated
/// against <see cref="MqttCredentials"/> (or, on the TLS endpoint with client certificates required, by the EUI of the
/// certificate the handshake accepted), every PUBLISH and SUBSCRIBE is checked by <see cref="TopicAuthorization"/>.
/// It listens on a plain TCP endpoint, a TLS endpoint (<see cref="BrokerTls"/>), or both, through
/// MQTTnet's own transport, or <see cref="BufferedMqttServerAdapter"/> when <see cref="MqttSettings.BufferedTransport"/> is on.
/// Refused publishes are dropped (PUBACK NotAuthorized for QoS 1) and refused subscriptions get SUBACK
/// NotAuthorized; both are logged with the principal and topic. Messages the adapter injects carry the adapter
/// principal so the same interceptor lets them through.
/// <para>
/// What hubs and users publish goes to the adapter through the <see cref="MqttInbox"/> (the broker never calls the
/// adapter's services itself): the broker holds a request's or up frame's PUBACK until the adapter completes it, so an
/// acknowledged request is a committed one. Runs only in <see cref="MqttMode.Embedded"/> mode.
/// </para>
/// <para>
/// A hub's session outlives a dropped connection for <see cref="MqttSettings.HubSessionExpirySeconds"/>, so the commands
/// it had not acknowledged come again when it reconnects; <see cref="BrokerSessionKeeper"/> decides which sessions are
/// kept and removes them after their time.
/// </para>
/// </summary>
public sealed partial class EmbeddedBroker(
    IOptions<CommsHubOptions> options, MqttCredentials credentials, BrokerTls tls, MqttInbox inbox, ILogger<EmbeddedBroker> logger)
    : IHostedService, IMqttPublisher, IMqttMessageSource, IDisposable
{
    private const string AdapterClientId = "commshub-adapter";
    private readonly MqttSettings _settings = options.Value.Mqtt;
    private readonly PublishSizeLimit _sizeLimit = new(options.Value.Mqtt, options.Value.Http);
    private readonly BrokerSessionKeeper _sessions = new(TimeSpan.FromSeconds(options.Value.Mqtt.HubSessionExpirySeconds));
    private readonly CancellationTokenSource _stopping = new();
    private MqttServer? _server;
    private Task _sweeping = Task.CompletedTask;

    /// <summary>The connections each hub has, which decide when a hub is offline (<see cref="HubSessions"/>).</summary>
    public HubSessions HubSessions { get; } = new();

    /// <summary>The plain TCP port (known after start; the configured one unless that was 0); 0 when that endpoint is off.</summary>
    public int Port { get; private set; }

    /// <summary>The address the plain endpoint binds to.</summary>
    public string Address => _settings.Address;

    /// <summary>The TLS port (known after start); 0 when the TLS endpoint is off.</summary>
    public int TlsPort { get; private set; }

    /// <summary>The address the TLS endpoint binds to.</summary>
    public string TlsAddress => _settings.Tls.Address ?? _settings.Address;

    /// <summary>True while the broker runs.</summary>
    public bool IsRunning => _server?.IsStarted == true;

    /// <inheritdoc/>
    /// <remarks>Never raised: the broker is this process, so nothing it acknowledged can outlive the adapter's view of it.</remarks>
    public event Action? Connected
    {
        add { }
        remove { }
    }

    /// <inheritdoc/>
    public IEnumerable<string> Describe()
    {
        if (!IsRunning) yield return "commshub: mqtt embedded broker disabled";
        if (Port != 0) yield return $"commshub: mqtt mqtt://{Host(Address)}:{Port} (username = EUI, password in {credentials.Path})";
        if (TlsPort != 0)
            yield return $"commshub: mqtt mqtts://{Host(TlsAddress)}:{TlsPort} (trust {tls.TrustFile}; "
                + (tls.Clients is null ? "username = EUI, password as above)" : "client certificate required: its EUI is the login)");
    }

    // An IPv6 literal needs brackets in a URL.
    private static string Host(string address) => address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_settings.Enabled || _settings.Mode != MqttMode.Embedded) return;
        var factory = new MqttServerFactory();
        var builder = factory.CreateServerOptionsBuilder().WithMaxPendingMessagesPerClient(10_000);
        // Hubs' sessions outlive a dropped connection, so what a hub had not acknowledged comes again when it reconnects;
        // which sessions are kept, and for how long, is the keeper's (MQTTnet alone would keep them all, for good).
        if (_sessions.HubExpiry > TimeSpan.Zero) builder.WithPersistentSessions();
        if (_settings.PlainEndpoint)
        {
            var address = IPAddress.Parse(_settings.Address);
            Port = _settings.Port == 0 ? FreePort(address) : _settings.Port;
            var (v4, v6) = Bind(address);
            builder.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(v4).WithDefaultEndpointBoundIPV6Address(v6).WithDefaultEndpointPort(Port);
        }
        else builder.WithoutDefaultEndpoint();
        if (tls.Certificate is { } certificate)
        {
            var address = IPAddress.Parse(TlsAddress);
            TlsPort = _settings.Tls.Port == 0 ? FreePort(address) : _settings.Tls.Port;
            var (v4, v6) = Bind(address);
            builder.WithEncryptedEndpoint().WithEncryptedEndpointBoundIPAddress(v4).WithEncryptedEndpointBoundIPV6Address(v6)
                .WithEncryptedEndpointPort(TlsPort).WithEncryptionCertificate(certificate)
                .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13);
            if (tls.Clients is not null) builder.WithClientCertificate(ValidateClientCertificate, checkCertificateRevocation: false);
        }
        _server = _settings.BufferedTransport
            ? factory.CreateMqttServer(builder.Build(), [new BufferedMqttServerAdapter(_settings.ReadBlockBytes, logger)])
            : factory.CreateMqttServer(builder.Build());
        _server.ValidatingConnectionAsync += ValidateConnectionAsync;
        _server.InterceptingPublishAsync += InterceptPublishAsync;
        _server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        _server.ClientConnectedAsync += ClientConnectedAsync;
        _server.ClientDisconnectedAsync += ClientDisconnectedAsync;
        HookUserOutbox(_server);
        await _server.StartAsync().ConfigureAwait(false);
        if (_sessions.HubExpiry > TimeSpan.Zero) _sweeping = SweepSessionsAsync(_server, _stopping.Token);
    }

    // Removes the kept sessions past their time (MQTTnet expires a session only when its client comes back).
    private async Task SweepSessionsAsync(MqttServer server, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_sessions.SweepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    if (await _sessions.SweepAsync(server).ConfigureAwait(false) is > 0 and var deleted) LogSessionsExpired(deleted);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSweepFailed(e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    // Users' PUBACKs and subscriptions feed the outbox of user outcomes: a message stays there until the user's client
    // acknowledges it, and a (re)subscribing client gets what waits for it at once.
    private void HookUserOutbox(MqttServer server)
    {
        server.ClientAcknowledgedPublishPacketAsync += async e =>
        {
            if (e.SessionItems?[MqttPrincipal.SessionKey] is MqttPrincipal { Kind: MqttPrincipalKind.User } user)
                await inbox.SubmitAsync(new MqttInboundMessage(MqttInboundKind.UserTook, user.Eui, e.PublishPacket.Topic, e.PublishPacket.Payload.ToArray()))
                    .ConfigureAwait(false);
        };
        server.ClientSubscribedTopicAsync += async e =>
        {
            if (e.SessionItems?[MqttPrincipal.SessionKey] is MqttPrincipal { Kind: MqttPrincipalKind.User } user)
                await inbox.SubmitAsync(new MqttInboundMessage(MqttInboundKind.UserSubscribed, user.Eui, "", [])).ConfigureAwait(false);
        };
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _sweeping.ConfigureAwait(false);
        if (_server is { IsStarted: true }) await _server.StopAsync(new MqttServerStopOptions()).ConfigureAwait(false);
    }

    /// <summary>Publishes as the adapter (QoS 1).</summary>
    public Task PublishAsync(string topic, byte[] payload, bool retain = false, CancellationToken cancellationToken = default)
    {
        var server = _server ?? throw new InvalidOperationException("the embedded broker is not running");
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build();
        var injected = new InjectedMqttApplicationMessage(message)
        {
            SenderClientId = AdapterClientId,
            CustomSessionItems = new Hashtable { [MqttPrincipal.SessionKey] = MqttPrincipal.Adapter },
        };
        return server.InjectApplicationMessage(injected, cancellationToken);
    }

    /// <inheritdoc/>
    Task IMqttPublisher.PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken) =>
        PublishAsync(topic, payload, retain: false, cancellationToken);

    /// <summary>Connected clients with the principal they authenticated as.</summary>
    public async Task<IReadOnlyList<(string ClientId, MqttPrincipal Principal, DateTime ConnectedAt)>> ClientsAsync()
    {
        if (_server is not { IsStarted: true }) return [];
        var clients = await _server.GetClientsAsync().ConfigureAwait(false);
        return clients
            .Select(c => (c.Id, Principal: c.Session?.Items?[MqttPrincipal.SessionKey] as MqttPrincipal, c.ConnectedTimestamp))
            .Where(c => c.Principal is not null)
            .Select(c => (c.Id, c.Principal!, c.ConnectedTimestamp))
            .ToList();
    }

    /// <summary>The sessions the broker holds (connected or kept), with when each one's connection ended (null: connected).</summary>
    public async Task<IReadOnlyList<(string ClientId, DateTime? DisconnectedAt)>> SessionsAsync()
    {
        if (_server is not { IsStarted: true }) return [];
        var sessions = await _server.GetSessionsAsync().ConfigureAwait(false);
        return sessions.Select(s => (s.Id, s.DisconnectedTimestamp)).ToList();
    }

    private Task ValidateConnectionAsync(ValidatingConnectionEventArgs e)
    {
        var principal = e.ClientCertificate is { } certificate && tls.Clients is not null
            ? CertificatePrincipal(e, certificate)
            : credentials.Authenticate(e.UserName, e.Password);
        if (principal is null)
        {
            if (e.ReasonCode == MqttConnectReasonCode.Success) e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            LogRefusedConnect(LogText.Untrusted(e.ClientId), LogText.Untrusted(e.UserName), e.RemoteEndPoint?.ToString() ?? "?", e.ReasonCode.ToString());
            return Task.CompletedTask;
        }
        // Sessions are keyed by client id, and a CONNECT with a taken id evicts the holder: tie ids to the party's EUI
        // so no party can knock a hub or user off the broker by reusing its id.
        if (principal.Kind != MqttPrincipalKind.Adapter
            && e.ClientId != principal.EuiText && !e.ClientId.StartsWith(principal.EuiText + "-", StringComparison.Ordinal))
        {
            e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            e.ReasonString = "client id must be the username (EUI), or the username followed by '-' and a suffix";
            LogRefusedClientId(LogText.Untrusted(e.ClientId), principal.ToString());
            return Task.CompletedTask;
        }
        // The adapter's account may use any other id, but not a hub's or user's: taking one over would also resume that
        // party's kept session, with the commands waiting in it and the party's principal (MQTTnet keeps a resumed
        // session's items).
        if (principal.Kind == MqttPrincipalKind.Adapter && PartyOf(e.ClientId) is { } party)
        {
            e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            e.ReasonString = "client id belongs to " + party;
            LogRefusedClientId(LogText.Untrusted(e.ClientId), principal.ToString());
            return Task.CompletedTask;
        }
        e.SessionItems[MqttPrincipal.SessionKey] = principal;
        LogConnected(LogText.Untrusted(e.ClientId), principal.ToString());
        return Task.CompletedTask;
    }

    // The hub or user a client id is tied to (its EUI, or its EUI followed by '-' and a suffix), or null.
    private MqttPrincipal? PartyOf(string clientId)
    {
        if (clientId.Length < 16 || (clientId.Length > 16 && clientId[16] != '-')) return null;
        var eui = clientId[..16];
        return ulong.TryParse(eui, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            && credentials.PrincipalOf(value) is { } party && party.EuiText == eui ? party : null;
    }

    /// <summary>
    /// The party a client certificate (already accepted by <see cref="ValidateClientCertificate"/>) names: the hub or user
    /// of its EUI, the same principal that EUI's username would give, so topic authorisation applies identically. A
    /// username, if sent, must be that EUI; a password is not needed.
    /// </summary>
    private MqttPrincipal? CertificatePrincipal(ValidatingConnectionEventArgs e, X509Certificate2 certificate)
    {
        var principal = CertificateIdentity.TryGetEui(certificate) is { } eui ? credentials.PrincipalOf(eui) : null;
        if (principal is null) e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
        else if (!string.IsNullOrEmpty(e.UserName) && e.UserName != principal.EuiText)
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            e.ReasonString = "the username must be the EUI of the client certificate";
            return null;
        }
        return principal;
    }

    private Task ClientConnectedAsync(ClientConnectedEventArgs e)
    {
        if (e.SessionItems?[MqttPrincipal.SessionKey] is MqttPrincipal { Kind: MqttPrincipalKind.Hub } hub) HubSessions.Connected(hub.Eui, e.ClientId);
        return Task.CompletedTask;
    }

    private async Task ClientDisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        LogDisconnected(LogText.Untrusted(e.ClientId), e.DisconnectType.ToString());
        // A session that is not to be kept ends with its connection (a takeover's new connection holds it on).
        if (e.DisconnectType != MqttClientDisconnectType.Takeover && _server is { } server && _sessions.HubExpiry > TimeSpan.Zero)
            await _sessions.ConnectionEndedAsync(server, e.SessionItems?[MqttPrincipal.SessionKey] as MqttPrincipal, e.ClientId).ConfigureAwait(false);
        // Only the hub's last connection (or last announcer) leaving takes it offline: another session with the hub's
        // credentials, or the old connection of a takeover, ending says nothing about the hub (HubSessions).
        if (e.SessionItems?[MqttPrincipal.SessionKey] is MqttPrincipal { Kind: MqttPrincipalKind.Hub } hub
            && HubSessions.Disconnected(hub.Eui, e.ClientId, e.DisconnectType == MqttClientDisconnectType.Takeover))
            await inbox.SubmitAsync(new MqttInboundMessage(MqttInboundKind.HubGone, hub.Eui, "", [])).ConfigureAwait(false);
    }

    private bool ValidateClientCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        // The platform's own verdict (errors) is ignored: it judges against the system trust store, which does not hold
        // the SMKI. ClientCertificateTrust judges against the configured CA instead.
        var refusal = tls.Clients!.Refusal(certificate, chain);
        if (refusal is not null) LogRefusedCertificate(LogText.Untrusted(certificate?.Subject), certificate?.GetSerialNumberString() ?? "-", LogText.Untrusted(refusal));
        return refusal is null;
    }

    private async Task InterceptPublishAsync(InterceptingPublishEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        var principal = e.SessionItems?[MqttPrincipal.SessionKey] as MqttPrincipal;
        if (principal is null || !TopicAuthorization.MayPublish(principal, topic))
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            LogRefusedPublish(principal?.ToString() ?? "unauthenticated", LogText.Untrusted(e.ClientId), LogText.Untrusted(topic));
            return;
        }
        if (_sizeLimit.Refusal(principal, e.ApplicationMessage) is { } tooLarge)
        {
            // Dropped before anything routes, retains or stores it; the client is disconnected (no PUBACK), as a
            // client that ignores the limit is broken or hostile.
            e.ProcessPublish = false;
            e.CloseConnection = true;
            LogOversizedPublish(principal.ToString(), LogText.Untrusted(e.ClientId), LogText.Untrusted(topic), tooLarge);
            return;
        }
        if (principal.Kind == MqttPrincipalKind.User && TopicAuthorization.RequestsTopicUser(topic) is { } user)
        {
            // The in-process adapter is the consumer of user requests: decide it here, before the PUBACK, so that Success
            // means committed in the store and answered on the user's responses topic (a crash before that leaves the
            // request unacknowledged, and the client sends it again). Not routed to (absent) subscribers.
            e.ProcessPublish = false;
            e.Response.ReasonCode = await inbox.SubmitAsync(new MqttInboundMessage(MqttInboundKind.UserRequest, user, topic,
                e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Dup), e.CancellationToken).ConfigureAwait(false);
        }
        else if (principal.Kind == MqttPrincipalKind.Hub)
        {
            if (topic.EndsWith("/up", StringComparison.Ordinal))
            {
                // The adapter is the consumer of up frames: correlate before the PUBACK, so a frame whose delivery
                // failed is refused and the hub's outbox sends it again (at least once, end to end). A handled frame is
                // still routed, so an operator's tool holding the adapter secret can watch chub/+/up.
                var code = await inbox.SubmitAsync(new MqttInboundMessage(MqttInboundKind.HubUp, principal.Eui, topic,
                    e.ApplicationMessage.Payload.ToArray()), e.CancellationToken).ConfigureAwait(false);
                if (code != MqttPubAckReasonCode.Success)
                {
                    e.ProcessPublish = false;
                    e.Response.ReasonCode = code;
                }
            }
            else
            {
                // Status: track presence and let the broker retain it for operators' tools as well, unless it comes
                // from a connection that does not speak for the hub's presence (HubSessions): then it is dropped.
                var payload = e.ApplicationMessage.Payload.ToArray();
                if (HubSessions.ReadStatus(topic, payload) is { } online && !HubSessions.StatusApplies(principal.Eui, e.ClientId, online))
                {
                    e.ProcessPublish = false;
                    LogIgnoredStatus(LogText.Untrusted(e.ClientId), principal.ToString());
                }
                else await inbox.SubmitAsync(new MqttInboundMessage(MqttInboundKind.HubStatus, principal.Eui, topic, payload), e.CancellationToken)
                    .ConfigureAwait(false);
            }
        }
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var filter = e.TopicFilter.Topic;
        var principal = e.SessionItems?[MqttPrincipal.SessionKey] as MqttPrincipal;
        if (principal is null || !TopicAuthorization.MaySubscribe(principal, filter))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            LogRefusedSubscribe(principal?.ToString() ?? "unauthenticated", LogText.Untrusted(e.ClientId), LogText.Untrusted(filter));
        }
        return Task.CompletedTask;
    }

    // MQTTnet binds an IPv4 and an IPv6 socket, each to "any" unless told otherwise: bind only the configured
    // address's family, so a loopback setting is not silently joined by a wildcard listener on the other family.
    // IPAddress.None switches a family off; "::" keeps both wildcards (all interfaces, as asked).
    private static (IPAddress V4, IPAddress V6) Bind(IPAddress address) =>
        address.Equals(IPAddress.IPv6Any) ? (IPAddress.Any, IPAddress.IPv6Any)
        : address.AddressFamily == AddressFamily.InterNetworkV6 ? (IPAddress.None, address)
        : (address, IPAddress.None);

    // Port 0 means "any free port": MQTTnet does not report the port it bound, so pick one first. Another process
    // could take it in between; that fails the start loudly rather than silently.
    private static int FreePort(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping.Cancel();
        _server?.Dispose();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT {ClientId} connected as {Principal}")]
    private partial void LogConnected(string clientId, string principal);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT {ClientId} disconnected ({Type})")]
    private partial void LogDisconnected(string clientId, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT CONNECT refused: client {ClientId}, username {UserName}, from {Remote}: {Reason}")]
    private partial void LogRefusedConnect(string clientId, string userName, string remote, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT TLS client certificate refused: subject {Subject}, serial {Serial}: {Reason}")]
    private partial void LogRefusedCertificate(string subject, string serial, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT CONNECT refused: client id {ClientId} does not belong to {Principal}")]
    private partial void LogRefusedClientId(string clientId, string principal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT PUBLISH dropped: {Principal} (client {ClientId}) may not publish to {Topic}")]
    private partial void LogRefusedPublish(string principal, string clientId, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT SUBSCRIBE refused: {Principal} (client {ClientId}) may not subscribe to {Filter}")]
    private partial void LogRefusedSubscribe(string principal, string clientId, string filter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT PUBLISH dropped and client disconnected: {Principal} (client {ClientId}) on {Topic}: {Reason}")]
    private partial void LogOversizedPublish(string principal, string clientId, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT: {Count} sessions kept past their time deleted")]
    private partial void LogSessionsExpired(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT: the sweep of kept sessions failed; the next one tries again")]
    private partial void LogSweepFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT offline status from {ClientId} ignored: another connection of {Principal} is online")]
    private partial void LogIgnoredStatus(string clientId, string principal);
}
