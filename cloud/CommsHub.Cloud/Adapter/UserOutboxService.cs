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
/// messages deleted past retention are logged one line per user.
/// </summary>
public sealed partial class UserOutboxService(UserOutbox outbox, OutboxAcknowledgements acknowledgements, AdapterMetrics metrics,
    IHostApplicationLifetime lifetime, TimeProvider time, IOptions<CommsHubOptions> options, ILogger<UserOutboxService> logger) : BackgroundService
{
    /// <summary>How often the backlog is read for the metrics and the warnings.</summary>
    public static readonly TimeSpan BacklogInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _wake = new(0, 1);
    private DateTimeOffset _nextBacklog = DateTimeOffset.MinValue;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        outbox.DueNow += OnDueNow;
        outbox.DeliveryFailed += OnDeliveryFailed;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "outbox: pass failed")]
    private partial void LogFailed(Exception ex);
}
