using CommsHub.Dcc.Access;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Smki;
using CommsHub.Dcc.Storage;
using CommsHub.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// A newer adapter version upgrades the database while this (older) adapter runs on it: within the schema check interval
/// this one logs why, refuses new requests (503, nothing kept) and stops; what it accepted before stays in the store.
/// </summary>
public sealed class SchemaUpgradeWhileRunningTests
{
    [SharedDataFact]
    public async Task An_adapter_whose_database_a_newer_version_upgrades_while_it_runs_refuses_new_requests_and_stops()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-schema-watch-" + Guid.NewGuid().ToString("N"));
        var logs = new LogCapture();
        var app = CloudApp.Create(CloudFixture.LoopbackArguments(dir, "--CommsHub:Storage:SchemaCheckSeconds=1"),
            s => s.AddSingleton<ILoggerProvider>(logs), console: TextWriter.Null);
        try
        {
            await app.StartAsync();
            var store = app.Services.GetRequiredService<IDccStore>();
            var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            var intake = app.Services.GetRequiredService<DuisIntake>();
            var accepted = await intake.ProcessAsync(SignedReadRegisters(dir), DuisEndpoint.ServiceS);
            Assert.Equal("I99", accepted.ResponseCode);
            var known = store.SchemaVersion;

            // The newer version's migration commits its step (another process, another connection).
            using (var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "commshub.db")};Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = $"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({known + 1}, 'from a newer adapter', 0)";
                command.ExecuteNonQuery();
            }

            await Task.WhenAny(Task.Delay(Timeout.Infinite, stopping), Task.Delay(TimeSpan.FromSeconds(20)));
            Assert.True(stopping.IsCancellationRequested, "the adapter kept running on a database a newer version had upgraded");
            Assert.Contains(logs.Lines, l => l.StartsWith("Critical", StringComparison.Ordinal)
                && l.Contains($"upgraded to schema step {known + 1} by a newer adapter version while this one (step {known}) was running", StringComparison.Ordinal)
                && l.Contains("refusing new requests", StringComparison.Ordinal));
            // A request arriving now is refused as a store failure (HTTP 503, MQTT PUBACK refusal), nothing of it kept.
            var refused = await intake.ProcessAsync(SignedReadRegisters(dir), DuisEndpoint.ServiceS);
            Assert.Equal((DuisOutcomeKind.Unavailable, 503), (refused.Kind, refused.HttpStatus));
            // The request accepted before is still in the store for the newer instances.
            await app.StopAsync();
            using var check = new SqliteConnection($"Data Source={Path.Combine(dir, "commshub.db")};Pooling=False");
            check.Open();
            using var pending = check.CreateCommand();
            pending.CommandText = "SELECT COUNT(*) FROM pending_requests";
            Assert.Equal(1L, (long)pending.ExecuteScalar()!);
        }
        finally
        {
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static byte[] SignedReadRegisters(string dataDirectory) =>
        DuisRequests.Signed(dataDirectory, DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier);
}
