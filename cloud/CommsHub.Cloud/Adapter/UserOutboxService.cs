using CommsHub.Cloud.Mqtt.Inbound;
using CommsHub.Cloud.Configuration;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Encoding;
using Microsoft.Extensions.Options;

namespace CommsHub.Cloud.Adapter;

/// <summary>
/// Runs the <see cref="UserOutbox"/>: a pass once the host has started (what a previous run left undelivered goes out
/// after a restart), then every <see cref="DispatchSettings.OutboxIntervalMilliseconds"/>, at once when a user's client
/// subscribes (<see cref="UserOutbox.DueNow"/>), and back to back while passes come back full. Users who do not collect
/// are made visible: every <see cref="BacklogInterval"/> each user whose oldest message has waited longer than
/// <see cref="DispatchSettings.OutboxWarnAfterSeconds"/> gets a warning line, the backlog is published as metrics, and
/// messages deleted past retention are logged one line per user. On an external broker, whose acknowledgements a crash
/// can undo (<see cref="UserOutboxOptions.BrokerUnsavedWindow"/>), the first pass and the first pass after each
/// (re)connect (<see cref="IMqttMessageSource.Connected"/>) send again what the broker acknowledged within that window.
/// </summary>
public sealed partial class UserOutboxService(UserOutbox outbox, OutboxAcknowledgements acknowledgements, AdapterMetrics metrics,
    IMqttMessageSource source, IHostApplicationLifetime lifetime, TimeProvider time, IOptions<CommsHubOptions> options,
    ILogger<UserOutboxService> logger) : BackgroundService
{
    /// <summary>How often the backlog is read for the metrics and the warnings.</summary>
    public static readonly TimeSpan BacklogInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _wake = new(0, 1);
    private DateTimeOffset _nextBacklog = DateTimeOffset.MinValue;
    // 1 when the broker may have lost what it acknowledged: at start (it may have restarted while the adapter was down)
    // and after each connect. Taken by the pass loop, so no store statement runs on the MQTT client's thread.
    private int _resendUnsaved = 1;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        outbox.DueNow += OnDueNow;
        outbox.DeliveryFailed += OnDeliveryFailed;
        source.Connected += OnBrokerConnected;
        acknowledgements.BatchFailed += OnAcknowledgementsFailed;
        metrics.ObserveOutbox(outbox);
        var interval = TimeSpan.FromMilliseconds(options.Value.Dispatch.OutboxIntervalMilliseconds);
        try
        {
            // The broker and the callbacks' client must be up before the first pass: hosted services start in turn, and
            // this one is registered before the broker.
            await WhenStarted(stoppingToken).ConfigureAwait(false);
            while (!stoppingToken.IsCancellationRequested)
            {
                var full = false;
                try
                {
                    if (Interlocked.Exchange(ref _resendUnsaved, 0) == 1) ResendUnsaved();
                    var pass = await outbox.PumpAsync(stoppingToken).ConfigureAwait(false);
                    full = pass.Claimed >= outbox.Options.BatchSize;
                    if (pass.Claimed > 0) LogPass(pass.Claimed, pass.Taken, pass.Sent, pass.Failed);
                    foreach (var user in pass.Expired.GroupBy(e => e.UserEui))
                        LogExpired(Eui64.ToText(user.Key), user.Count(), outbox.Options.Retention, string.Join(", ", user.Take(5).Select(e => e.Key)));
                    ReadBacklog();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store is down or busy: everything stays in the outbox; the next pass tries again.
                    LogFailed(ex);
                }
                if (!full) await _wake.WaitAsync(interval, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            outbox.DueNow -= OnDueNow;
            outbox.DeliveryFailed -= OnDeliveryFailed;
            source.Connected -= OnBrokerConnected;
            acknowledgements.BatchFailed -= OnAcknowledgementsFailed;
        }
    }

    private Task WhenStarted(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    private void ReadBacklog()
    {
        var now = time.GetUtcNow();
        if (now < _nextBacklog) return;
        _nextBacklog = now + BacklogInterval;
        var backlog = outbox.Backlog();
        metrics.OutboxBacklog(backlog.Sum(b => b.Count), backlog.Count == 0 ? 0 : (now - backlog.Min(b => b.OldestCreatedAt)).TotalSeconds);
        var warnAfter = TimeSpan.FromSeconds(options.Value.Dispatch.OutboxWarnAfterSeconds);
        foreach (var user in backlog.Where(b => now - b.OldestCreatedAt > warnAfter))
            LogUncollected(Eui64.ToText(user.UserEui), user.Count, now - user.OldestCreatedAt, user.MaxAttempts);
    }

    private void ResendUnsaved()
    {
        try
        {
            var count = outbox.ResendUnsaved();
            if (count > 0) LogResendUnsaved(count, outbox.Options.BrokerUnsavedWindow);
        }
        catch
        {
            // The store is down: try again on the next pass; these messages stay handed over (kept) meanwhile.
            Volatile.Write(ref _resendUnsaved, 1);
            throw;
        }
    }

    private void OnBrokerConnected()
    {
        Volatile.Write(ref _resendUnsaved, 1);
        OnDueNow();
    }

    private void OnDueNow()
    {
        // At most one wake-up pending: several subscriptions at once need one pass.
        try { _wake.Release(); } catch (SemaphoreFullException) { } catch (ObjectDisposedException) { }
    }

    private void OnDeliveryFailed(OutboxMessage message, Exception ex) =>
        LogDeliveryFailed(message.Kind, message.Key, Eui64.ToText(message.UserEui), message.Attempts, ex.Message);

    private void OnAcknowledgementsFailed(Exception ex, int count) => LogAcknowledgementsFailed(ex, count);

    /// <inheritdoc/>
    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "outbox: {Claimed} outcome(s) sent again: {Taken} taken, {Sent} awaiting the user's acknowledgement, {Failed} failed")]
    private partial void LogPass(int claimed, int taken, int sent, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "outbox: {Kind} {Key} to user {User} not delivered (attempt {Attempts}; kept, retried later): {Error}")]
    private partial void LogDeliveryFailed(DuisMessageKind kind, string key, string user, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "outbox: user {User} has not collected {Count} outcome(s); the oldest has waited {Age} ({Attempts} attempts)")]
    private partial void LogUncollected(string user, int count, TimeSpan age, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "outbox: user {User} never collected {Count} outcome(s) within the retention of {Retention}; deleted: {Keys}")]
    private partial void LogExpired(string user, int count, TimeSpan retention, string keys);

    [LoggerMessage(Level = LogLevel.Warning, Message = "outbox: {Count} user PUBACK(s) could not be recorded; those outcomes will be sent again")]
    private partial void LogAcknowledgementsFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "outbox: (re)connected to the broker; {Count} outcome(s) it acknowledged within the last {Window} sent again, as it may have lost them (users drop repeats)")]
    private partial void LogResendUnsaved(int count, TimeSpan window);

    [LoggerMessage(Level = LogLevel.Warning, Message = "outbox: pass failed")]
    private partial void LogFailed(Exception ex);
}
