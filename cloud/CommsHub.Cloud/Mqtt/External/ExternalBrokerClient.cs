using CommsHub.Cloud.Configuration;
using CommsHub.Cloud.Mqtt.Inbound;
using CommsHub.Dcc.Dispatch;
using Microsoft.Extensions.Options;
using MQTTnet;

namespace CommsHub.Cloud.Mqtt.External;

/// <summary>
/// The adapter as an MQTT 5 client of an external broker (<see cref="MqttMode.External"/>). A persistent session (clean
/// start false, session expiry) keeps QoS 1 messages for it across a reconnect; up frames and requests arrive through
/// shared subscriptions (<see cref="ExternalBrokerTopics.Filters"/>), so instances of one share group split them; hub
/// presence comes from the retained <c>chub/{EUI}/status</c> and the hubs' last wills. Everything received goes into the
/// <see cref="MqttInbox"/> and is acknowledged by hand only when the adapter completes it, so a request's or up frame's
/// PUBACK to the broker comes after its outcome is committed: an instance that dies before that leaves the message
/// unacknowledged, and the broker delivers it again (with DUP) when the session reconnects, or to the instance that
/// takes the dead one's session over (<see cref="PeerSessionAdoption"/>, unless <c>AdoptPeerSessions</c> is off).
/// <para>
/// A request or up frame whose outcome the store could not record is not acknowledged but handed over again after a
/// pause (the broker would only redeliver it after a reconnect): up frames until they succeed, requests up to
/// <see cref="RequestAttempts"/> times, then acknowledged with the failure and logged. A publish on a user's responses
/// topic that the broker acknowledges with Success matched a subscription: the user's side counts as having taken it.
/// NoMatchingSubscribers means no client of that user is subscribed; the outbox sends it again later. That reading needs
/// a broker that refuses other parties' subscriptions to the topic, as the set-up <c>commshub broker mosquitto-config</c>
/// writes does (Mosquitto's dynamic security plugin: a user may subscribe only to its own responses topic, exactly;
/// <c>MosquittoAclTests</c>). Mosquitto's <c>acl_file</c> (the legacy <c>--access-control acl-file</c>) grants every
/// subscription and filters only at delivery, so there another user's <c>dcc/users/#</c> makes the PUBACK Success while
/// the addressee has no session, and the outcome is counted as taken without reaching it. The adapter's own account is
/// allowed only the subscriptions it makes here (<see cref="ExternalBrokerTopics.AccountSubscriptions"/>), not users'
/// responses, so a client that uses it cannot have that effect either.
/// </para>
/// </summary>
public sealed partial class ExternalBrokerClient : IHostedService, IMqttPublisher, IMqttMessageSource, IDisposable
{
    /// <summary>How often a request whose outcome could not be recorded is tried before it is acknowledged as failed.</summary>
    public const int RequestAttempts = BrokerSession.RequestAttempts;

    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(5);
    private readonly ExternalBrokerSettings _settings;
    private readonly string _shareGroup;
    private readonly MqttInbox _inbox;
    private readonly ILogger<ExternalBrokerClient> _logger;
    private readonly BrokerSession _session;
    private readonly PeerSessionAdoption? _adoption;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _reconnect = new(0, 1);
    private Task _reconnecting = Task.CompletedTask;

    /// <summary>A client for the broker in <c>CommsHub:Mqtt:External</c> (not connected until <see cref="StartAsync"/>).</summary>
    public ExternalBrokerClient(IOptions<CommsHubOptions> options, MqttCredentials credentials, MqttInbox inbox, ILogger<ExternalBrokerClient> logger)
    {
        _settings = options.Value.Mqtt.External;
        var password = _settings.Password ?? credentials.SecretOf(_settings.Username)
            ?? throw new InvalidOperationException($"CommsHub:Mqtt:External:Password is unset and {credentials.Path} has no secret for '{_settings.Username}'");
        _inbox = inbox;
        _logger = logger;
        // The largest publish the embedded broker takes from a user (a hub's limit is lower): nothing the adapter is sent
        // on an external broker is legitimately larger.
        var maximumPacketSize = (uint)options.Value.Mqtt.MaxPacketBytes;
        _shareGroup = _settings.ShareGroup ?? ExternalBrokerTopics.SecretShareGroup(password);
        if (_settings.AdoptPeerSessions && AdapterPresence.Usable(_settings.ClientId))
            _adoption = new PeerSessionAdoption(_settings, _shareGroup, maximumPacketSize, password, inbox, logger);
        _session = new BrokerSession(_settings, maximumPacketSize, password, _settings.ClientId, adopted: false, inbox, logger, _adoption is null ? null : _adoption.OnPresence);
        _session.Client.DisconnectedAsync += e =>
        {
            _adoption?.OnOwnConnection(false);
            if (e.ClientWasConnected && !_stopping.IsCancellationRequested)
            {
                LogDisconnected(Endpoint, e.Reason.ToString());
                WakeReconnect();
            }
            return Task.CompletedTask;
        };
    }

    /// <inheritdoc/>
    public bool IsRunning => _session.Client.IsConnected;

    /// <inheritdoc/>
    public event Action? Connected;

    /// <summary>Where it connects, for logs and the banner.</summary>
    public string Endpoint => _session.Endpoint;

    /// <summary>Gone instances' sessions this instance has taken over and drained so far.</summary>
    public int PeerSessionsDrained => _adoption?.Drained ?? 0;

    /// <inheritdoc/>
    public IEnumerable<string> Describe()
    {
        yield return $"commshub: mqtt external broker {Endpoint} (client id {_settings.ClientId}, username {_settings.Username}, "
            + $"share group {_settings.ShareGroup ?? "derived from the adapter's password"}{(IsRunning ? "" : ", not connected yet")})";
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
            if (_adoption is not null) await _adoption.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's stop timeout ran out.
        }
        if (_session.Client.IsConnected && _adoption is not null)
        {
            try
            {
                // A clean stop says so, as the last will would: a peer drains what the broker goes on holding for this session.
                await _session.PublishAsync(AdapterPresence.Topic(_settings.ClientId), AdapterPresence.Offline, retain: true, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
            {
                // Gone already; the last will covers it.
            }
        }
        // A normal disconnect: the session (and anything not yet acknowledged) stays on the broker.
        await _session.DisconnectAsync(endSession: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken = default)
    {
        if (!_session.Client.IsConnected) throw new InvalidOperationException($"not connected to the external broker {Endpoint}");
        var result = await _session.PublishAsync(topic, payload, retain: false, cancellationToken).ConfigureAwait(false);
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
        var present = await _session.ConnectAsync(cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_settings.ConnectTimeoutSeconds));
        var filters = ExternalBrokerTopics.Filters(_shareGroup);
        await _session.SubscribeAsync(_adoption is null ? filters : filters.Append(AdapterPresence.Filter), timeout.Token).ConfigureAwait(false);
        // A persistent session from a version that used the public default group keeps that subscription too, which would
        // hand this instance every message twice (once per group): it is dropped (no-op when there is none).
        if (_settings.ShareGroup is null)
            await _session.UnsubscribeAsync(ExternalBrokerTopics.SharedFilters(ExternalBrokerTopics.LegacyShareGroup), timeout.Token).ConfigureAwait(false);
        if (_adoption is not null)
        {
            var online = await _session.PublishAsync(AdapterPresence.Topic(_settings.ClientId), AdapterPresence.Online, retain: true, timeout.Token).ConfigureAwait(false);
            if (online.ReasonCode is not (MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers))
                throw new ExternalBrokerRefusedException($"the external broker {Endpoint} refused the adapter's presence on {AdapterPresence.Topic(_settings.ClientId)}: "
                    + $"{online.ReasonCode} (the adapter's account must be allowed to write {AdapterPresence.Root}#)");
            _adoption.OnOwnConnection(true);
        }
        LogConnected(Endpoint, _settings.ClientId, present);
        // Whether or not the broker kept this session, it may have restarted and lost what it acknowledged since its last
        // save (a restored snapshot also reports a session): the outbox resends what it handed over within that window.
        Connected?.Invoke();
    }

    private async Task ReconnectLoopAsync(CancellationToken stopping)
    {
        var pause = TimeSpan.FromMilliseconds(250);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _reconnect.WaitAsync(stopping).ConfigureAwait(false);
                while (!_session.Client.IsConnected && !stopping.IsCancellationRequested)
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

    /// <inheritdoc/>
    public void Dispose()
    {
        _session.Dispose();
        _adoption?.Dispose();
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
}
