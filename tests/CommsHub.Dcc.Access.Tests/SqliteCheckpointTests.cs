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

    [Fact]
    public void Commits_wake_the_background_checkpointer_before_its_interval()
    {
        using var store = SqliteDccStore.Open(_dir, new SqliteStoreOptions
        {
            CheckpointInterval = TimeSpan.FromHours(1),
            CheckpointAfterCommits = 10,
        });
        Assert.Equal(0, store.BackgroundCheckpoints);
        for (var i = 0; i < 25; i++)
        {
            using var unit = store.BeginUnitOfWork();
            store.Audit.Append(new AuditEntry(DateTimeOffset.UtcNow, "t", 1, "4.1.1", $"R{i}", null, "I99", Access.AccessOutcome.Accepted, "why"));
            unit.Commit();
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (store.BackgroundCheckpoints < 1 && DateTime.UtcNow < deadline) Thread.Sleep(10);
        Assert.True(store.BackgroundCheckpoints >= 1, $"{store.BackgroundCheckpoints} background checkpoints after 25 commits");
        Assert.True(store.BackgroundCheckpoints <= 3, $"{store.BackgroundCheckpoints} background checkpoints after 25 commits");
    }

    [Fact]
    public void A_negative_commit_trigger_is_refused()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            SqliteDccStore.Open(_dir, new SqliteStoreOptions { CheckpointAfterCommits = -1 }));
        Assert.Contains("CheckpointAfterCommits", ex.Message);
        Assert.False(Directory.Exists(_dir));
    }

    [Theory]
    [InlineData(null, 2048L)]
    [InlineData(4096, 4096L)]
    [InlineData(1024, 1024L)]
    public void A_new_file_gets_the_configured_page_size_and_an_existing_one_keeps_its_own(int? configured, long expected)
    {
        var options = configured is { } size ? new SqliteStoreOptions { PageSize = size } : new SqliteStoreOptions();
        using (var store = SqliteDccStore.Open(_dir, options)) Assert.Equal(expected, PageSize(store.FilePath));
        using (var reopened = SqliteDccStore.Open(_dir, new SqliteStoreOptions { PageSize = 8192 }))
            Assert.Equal(expected, PageSize(reopened.FilePath));
    }

    [Theory]
    [InlineData(256)]
    [InlineData(3000)]
    [InlineData(131072)]
    public void A_page_size_SQLite_cannot_use_is_refused(int size)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => SqliteDccStore.Open(_dir, new SqliteStoreOptions { PageSize = size }));
        Assert.Contains("PageSize", ex.Message);
        Assert.False(Directory.Exists(_dir));
    }

    private static long PageSize(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size";
        return Convert.ToInt64(command.ExecuteScalar());
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
