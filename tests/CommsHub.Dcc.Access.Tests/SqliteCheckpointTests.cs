using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>The SQLite store's background WAL checkpoints.</summary>
public sealed class SqliteCheckpointTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-checkpoint-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Background_checkpoint_moves_the_wal_into_the_database_and_stops_on_dispose()
    {
        var store = SqliteDccStore.Open(_dir, new SqliteStoreOptions { CheckpointInterval = TimeSpan.FromMilliseconds(20) });
        for (var i = 0; i < 200; i++)
            store.Audit.Append(new AuditEntry(DateTimeOffset.UtcNow, "t", 1, "4.1.1", $"R{i}", null, "I99", Access.AccessOutcome.Accepted, "why"));
        Assert.True(store.Checkpoint());
        Assert.Equal(200, store.Audit.Read(limit: 1000).Count);
        store.Dispose();
        Assert.False(store.Checkpoint());
        // Nothing holds the files any more: the folder can go, and a reopened store sees every row.
        using (var again = SqliteDccStore.Open(_dir, new SqliteStoreOptions { CheckpointInterval = TimeSpan.Zero }))
            Assert.Equal(200, again.Audit.Read(limit: 1000).Count);
        Directory.Delete(_dir, recursive: true);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
