using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using Microsoft.Data.Sqlite;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>
/// What the SQLite store writes and allocates on the request path beyond the rows themselves (docs/bench/perf-sqlite.md
/// has the measured cost of each).
/// </summary>
public sealed class SqliteRequestPathCostTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-request-path-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Audit_and_outbox_inserts_keep_no_sqlite_sequence_row()
    {
        using (var store = SqliteDccStore.Open(_dir))
        {
            var now = DateTimeOffset.UtcNow;
            using var unit = store.BeginUnitOfWork();
            Assert.Equal(1, store.Audit.Append(new AuditEntry(now, "t", 1, "4.1.1", "R1", null, "I99", AccessOutcome.Accepted, "why")));
            Assert.True(store.Outbox.Add(new OutboxMessage(1, DuisMessageKind.Response, "R1", [1, 2, 3], now, now, 1)));
            unit.Commit();
        }
        // AUTOINCREMENT would have written (and on every later insert rewritten) a row here: a page per commit.
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM sqlite_sequence WHERE name IN ('audit', 'user_outbox')"));
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM sqlite_schema WHERE name IN ('audit', 'user_outbox') AND sql LIKE '%AUTOINCREMENT%'"));
    }

    [Fact]
    public void Every_store_connection_keeps_savepoint_journals_in_memory()
    {
        // temp_store=MEMORY: the statement journal of a savepoint (each unit of work in a batch or group) grows in small
        // chunks instead of a 64 KiB buffer allocated and freed per savepoint, which made glibc grow and trim the heap
        // (brk, with a TLB shootdown) about once per request.
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        new SqliteDialect(synchronousNormal: true, TimeSpan.FromSeconds(1), walAutoCheckpointPages: 1000).OnOpen(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA temp_store";
        Assert.Equal(2L, Convert.ToInt64(command.ExecuteScalar())); // 2 = MEMORY
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, "commshub.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
