using CommsHub.Cloud.Configuration;
using CommsHub.Cloud.Mqtt.Inbound;

namespace CommsHub.Cloud.Mqtt.External;

/// <summary>
/// Takes over the broker session of an adapter instance that has gone, so that what the broker holds for it is handled
/// now rather than when (if ever) it comes back.
/// <para>
/// Why: a persistent session stays on the broker after its instance dies, and Mosquitto 2 goes on handing such a session
/// its share of the shared subscriptions (eclipse-mosquitto/mosquitto#1747, #2662): up frames and requests wait there,
/// unacknowledged, while the surviving instances could handle them. Every instance therefore keeps a retained presence
/// (<see cref="AdapterPresence"/>; its last will says offline). The online instance with the lowest client id connects
/// with a gone instance's client id (clean start false: the broker resumes that session and delivers what it holds),
/// unsubscribes it from everything so nothing new is queued for it, handles and acknowledges what arrives, and when
/// nothing is left unacknowledged and nothing has arrived for <see cref="Quiet"/>, disconnects with session expiry 0,
/// which deletes the session. An instance that comes back makes a new session and subscribes again.
/// </para>
/// <para>
/// If the instance comes back while its session is being drained, its connect takes the session over; the drain stops,
/// and whatever the drain had not acknowledged is delivered to the instance again. If the adopting instance dies
/// mid-drain, the session stays with what is left, and the next lowest online instance takes it on.
/// </para>
/// </summary>
internal sealed partial class PeerSessionAdoption : IDisposable
{
    /// <summary>How long a drained session must stay quiet before it is deleted.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    private readonly ExternalBrokerSettings _settings;
    private readonly string _shareGroup;
    private readonly uint _maximumPacketSize;
    private readonly string _password;
    private readonly MqttInbox _inbox;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, bool> _online = new(StringComparer.Ordinal);
    // Drained (or found empty) since its last offline: not taken on again until it says offline again.
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> _draining = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private bool _ownConnected;

    /// <summary>Adoption for the instance configured in <paramref name="settings"/>, in share group <paramref name="shareGroup"/>;
    /// sessions taken over accept packets of at most <paramref name="maximumPacketSize"/> bytes, as the instance's own does.</summary>
    public PeerSessionAdoption(ExternalBrokerSettings settings, string shareGroup, uint maximumPacketSize, string password, MqttInbox inbox, ILogger logger)
    {
        _settings = settings;
        _shareGroup = shareGroup;
        _maximumPacketSize = maximumPacketSize;
        _password = password;
        _inbox = inbox;
        _logger = logger;
    }

    /// <summary>Sessions taken over and drained so far (for tests and logs).</summary>
    public int Drained { get; private set; }

    /// <summary>A presence publish: <paramref name="clientId"/> is online or gone.</summary>
    public void OnPresence(string clientId, bool online)
    {
        if (string.Equals(clientId, _settings.ClientId, StringComparison.Ordinal)) return;
        lock (_lock)
        {
            _online[clientId] = online;
            // A new offline is a new death: whatever its new session holds needs draining again.
            if (!online) _done.Remove(clientId);
        }
        Reconcile();
    }

    /// <summary>The instance's own session is connected (or not): only a connected instance takes sessions over.</summary>
    public void OnOwnConnection(bool connected)
    {
        lock (_lock) _ownConnected = connected;
        Reconcile();
    }

    // The lowest online client id, this instance included, drains every gone instance's session that is not done.
    private void Reconcile()
    {
        if (_stopping.IsCancellationRequested) return;
        lock (_lock)
        {
            if (!_ownConnected) return;
            var own = _settings.ClientId;
            if (_online.Any(p => p.Value && string.CompareOrdinal(p.Key, own) < 0)) return;
            foreach (var (peer, online) in _online)
            {
                if (online || _done.Contains(peer) || _draining.ContainsKey(peer)) continue;
                _draining[peer] = DrainAsync(peer);
            }
        }
    }

    private async Task DrainAsync(string peer)
    {
        await Task.Yield();
        var session = new BrokerSession(_settings, _maximumPacketSize, _password, peer, adopted: true, _inbox, _logger, presence: null);
        var finished = false;
        try
        {
            var present = await session.ConnectAsync(_stopping.Token).ConfigureAwait(false);
            if (present)
            {
                LogTakingOver(peer);
                // Nothing new for the session; what it already holds still comes.
                await session.UnsubscribeAsync(ExternalBrokerTopics.Filters(_shareGroup).Append(AdapterPresence.Filter), _stopping.Token)
                    .ConfigureAwait(false);
                while (session.Client.IsConnected && (session.Unacknowledged > 0 || DateTime.UtcNow - session.LastReceived < Quiet))
                    await Task.Delay(100, _stopping.Token).ConfigureAwait(false);
            }
            if (session.Client.IsConnected)
            {
                await session.DisconnectAsync(endSession: true, _stopping.Token).ConfigureAwait(false);
                finished = true;
                if (present) LogDrained(peer);
            }
            else
            {
                // Taken over: the instance is back (its session, with whatever was not acknowledged here, is its own again).
                LogTakenBack(peer);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            LogFailed(peer, ex.Message);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the session keeps what was not acknowledged, for whoever takes it on next.
        }
        finally
        {
            session.Dispose();
            lock (_lock)
            {
                _draining.Remove(peer);
                if (finished)
                {
                    _done.Add(peer);
                    Drained++;
                }
            }
        }
        // Failed or taken back: a later presence change decides again.
        if (!finished && !_stopping.IsCancellationRequested) Reconcile();
    }

    /// <summary>Stops draining (what a drain has not acknowledged stays in its session).</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] running;
        lock (_lock) running = [.. _draining.Values];
        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected on stop.
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT adapter instance {Peer} is gone: taking over its session to handle what the broker holds for it")]
    private partial void LogTakingOver(string peer);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT adapter instance {Peer}: its session is drained and deleted")]
    private partial void LogDrained(string peer);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT adapter instance {Peer} is back and took its session over")]
    private partial void LogTakenBack(string peer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT adapter instance {Peer}: taking over its session failed: {Reason}")]
    private partial void LogFailed(string peer, string reason);
}
