using CommsHub.Cloud.Configuration;
using CommsHub.Dcc.Dispatch;
using Microsoft.Extensions.Options;

namespace CommsHub.Cloud.Adapter;

/// <summary>
/// Runs the <see cref="TimeoutSweeper"/> every <see cref="DispatchSettings.SweepIntervalMilliseconds"/> and at once when a
/// hub comes back online, or, with the embedded broker, is first seen since the start (so requests queued or held for it
/// go out without waiting for the next tick). Each pass that did
/// something (requests finished or dispatched, expired CV4 pre-commands purged) is logged at Information and counted
/// in <see cref="AdapterMetrics"/>.
/// </summary>
public sealed partial class SweeperService(TimeoutSweeper sweeper, HubPresence presence, AdapterMetrics metrics,
    IOptions<CommsHubOptions> options, ILogger<SweeperService> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        presence.Reconnected += OnReconnected;
        var interval = TimeSpan.FromMilliseconds(options.Value.Dispatch.SweepIntervalMilliseconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var result = await sweeper.SweepAsync(stoppingToken).ConfigureAwait(false);
                    metrics.Swept(result);
                    // Purged pre-commands count too: a pass that only cleans the ledger is still work worth a line.
                    if (result.TimedOut + result.Unreachable + result.Dispatched + result.PurgedPreCommands + result.PurgedFinished > 0)
                        LogSwept(result.TimedOut, result.Unreachable, result.Dispatched, result.PurgedPreCommands, result.PurgedFinished);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A store failure leaves the request unfinished; the next sweep retries it (a failed delivery does not
                    // get here: the answer is in the outbox, which sends it again).
                    LogFailed(ex);
                }
                await _wake.WaitAsync(interval, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            presence.Reconnected -= OnReconnected;
        }
    }

    private void OnReconnected(ulong hub)
    {
        // At most one wake-up pending: several hubs reconnecting at once need one sweep, not one each.
        try { _wake.Release(); } catch (SemaphoreFullException) { }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "sweeper: {TimedOut} answered E21, {Unreachable} answered E20, {Dispatched} dispatched, {PurgedPreCommands} expired pre-command(s) purged, {PurgedFinished} finished request(s) past retention purged")]
    private partial void LogSwept(int timedOut, int unreachable, int dispatched, int purgedPreCommands, int purgedFinished);

    [LoggerMessage(Level = LogLevel.Warning, Message = "sweeper: pass failed")]
    private partial void LogFailed(Exception ex);
}
