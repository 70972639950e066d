using CommsHub.Dcc.Schedules;

namespace CommsHub.Cloud.Adapter;

/// <summary>
/// Runs due DCC schedules (DUIS 5.1) every <see cref="Interval"/> on the adapter's <see cref="TimeProvider"/>: each due
/// run goes through the normal pipeline (<see cref="DccScheduleRunner"/>); every instance on a shared database may run
/// this, as each run is claimed by one of them.
/// </summary>
public sealed partial class DccScheduleService(DccScheduleRunner runner, TimeProvider time, ILogger<DccScheduleService> logger) : BackgroundService
{
    /// <summary>How often due schedules are looked for. DUIS schedules run at most daily, so half a minute late is on time.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    foreach (var run in await runner.RunDueAsync(cancellationToken: stoppingToken).ConfigureAwait(false))
                        LogRun(run.ScheduleId, run.RunAt, run.RequestId ?? "(not built)", run.Outcome.ResponseCode ?? run.Outcome.Kind.ToString(), run.Outcome.Reason);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A store failure leaves the run unclaimed, or gives the claim back (DccScheduleRunner): the next
                    // pass looks again.
                    LogFailed(ex);
                }
                await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DCC schedule {ScheduleId} run due {RunAt:o}: request {RequestId}, {Code} ({Reason})")]
    private partial void LogRun(long scheduleId, DateTimeOffset runAt, string requestId, string code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DCC schedule pass failed")]
    private partial void LogFailed(Exception ex);
}
