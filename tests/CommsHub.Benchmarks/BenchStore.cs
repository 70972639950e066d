using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage.Sql;

namespace CommsHub.Benchmarks;

/// <summary>What the DUIS benchmarks share around the store: a publisher that goes nowhere, and replaying a pool.</summary>
internal static class BenchStore
{
    /// <summary>Accepts every publish at once: the benchmarks measure the adapter without the network.</summary>
    public sealed class NullPublisher : IMqttPublisher
    {
        /// <inheritdoc/>
        public Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    /// <summary>
    /// Deletes the pending requests and RequestID counters (audit rows stay), so the same pre-signed requests can be sent
    /// again: cheaper than a new database migrated from scratch.
    /// </summary>
    public static void ForgetRequests(SqliteDccStore store)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.FilePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM pending_requests; DELETE FROM request_counters;";
        command.ExecuteNonQuery();
    }
}
