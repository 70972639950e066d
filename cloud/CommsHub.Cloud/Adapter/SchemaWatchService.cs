using CommsHub.Cloud.Configuration;
using CommsHub.Dcc.Storage;
using Microsoft.Extensions.Options;

namespace CommsHub.Cloud.Adapter;

/// <summary>
/// Reads the database's schema step every <see cref="StorageSettings.SchemaCheckSeconds"/> (<see cref="IDccStore.CheckSchema"/>).
/// Start-up refuses a database newer than this code; this catches a newer adapter version upgrading the shared database
/// while this one runs (a rolling upgrade on PostgreSQL). Then this adapter would go on writing with code that does not
/// know the new schema, so instead: the store refuses every new unit of work from that moment (a DUIS request is answered
/// 503 over HTTP and refused in the PUBACK over MQTT, nothing of it kept, and its user sends it again, to a newer
/// instance), the error is logged once, and the host is stopped as on a SIGTERM. What this adapter accepted before is in
/// the store already: the newer instances sweep, dispatch and answer it.
/// </summary>
public sealed partial class SchemaWatchService(IDccStore store, IHostApplicationLifetime lifetime, IOptions<CommsHubOptions> options,
    ILogger<SchemaWatchService> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.Storage.SchemaCheckSeconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    store.CheckSchema();
                }
                catch (StoreSchemaTooNewException ex)
                {
                    LogUpgraded(ex.Database, ex.Found, ex.Known);
                    lifetime.StopApplication();
                    return;
                }
                catch (Exception ex) when (StoreFailure.Is(ex))
                {
                    // The database is unreachable: requests report that themselves; the next tick checks again.
                    LogCheckFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Critical,
        Message = "the {Database} database was upgraded to schema step {Found} by a newer adapter version while this one (step {Known}) was running: refusing new requests (HTTP 503, MQTT PUBACK refusal; nothing of them kept) and stopping. Requests accepted before stay in the store for the newer instances; run the newer version here too")]
    private partial void LogUpgraded(string database, int found, int known);

    [LoggerMessage(Level = LogLevel.Debug, Message = "schema check: the store could not be read; trying again at the next tick")]
    private partial void LogCheckFailed(Exception ex);
}
