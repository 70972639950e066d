using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>SQLite specifics.</summary>
internal sealed class SqliteDialect(bool synchronousNormal, TimeSpan busyTimeout, int walAutoCheckpointPages) : SqlDialect
{
    public override string ReadThrough(string index) => $" INDEXED BY {index}";

    private readonly string _pragmas =
        $"PRAGMA foreign_keys = ON; PRAGMA synchronous = {(synchronousNormal ? "NORMAL" : "FULL")}; "
        + $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA wal_autocheckpoint = {walAutoCheckpointPages}; "
        + "PRAGMA temp_store = MEMORY;";

    public override string Name => "SQLite";

    public override IReadOnlyList<Migration> Migrations => SqliteMigrations.All;

    // temp_store=MEMORY keeps each savepoint's statement journal (a unit of work inside a batch or a group commit) in
    // small in-memory chunks. Otherwise SQLite buffers it in one 64 KiB allocation, allocated and freed per savepoint:
    // glibc then grew and trimmed its heap with brk (and a TLB shootdown) about once per request, 7 % of the store's CPU
    // (docs/bench/perf-sqlite.md). Temporary tables and sorts stay in memory too; the store's are small and bounded.
    // synchronous, foreign_keys and busy_timeout are per connection, not stored in the file: set on every open, which
    // the store does once per pooled connection (journal_mode=WAL is a property of the file, set once at store open).
    public override void OnOpen(DbConnection connection)
    {
        using var command = SqlDatabase.Command(connection, null, _pragmas);
        command.ExecuteNonQuery();
    }

    // SQLite has no array parameters: the list travels as one JSON array, unpacked by the built-in json_each.
    public override string IsOneOf(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    public override object TextList(IReadOnlyList<string> values) => System.Text.Json.JsonSerializer.Serialize(values);

    // SQLite answers RETURNING through a temporary result table (measured: a few µs on every audited request); the key of
    // an INTEGER PRIMARY KEY row is the connection's last inserted rowid, read on the same connection, under the same
    // session lock, straight after the insert.
    public override long InsertReturningKey(SqlDatabase db, string insert, string keyColumn, params (string Name, object? Value)[] args) =>
        db.Write(insert, args, static c =>
        {
            c.ExecuteNonQuery();
            return SQLitePCL.raw.sqlite3_last_insert_rowid(((Microsoft.Data.Sqlite.SqliteConnection)c.Connection!).Handle);
        });

    // A failed statement is undone alone (its statement journal) and the transaction stays open, so a statement inside a
    // batch needs no savepoint to fail alone. SQLite may end the whole transaction after some errors (SQLITE_FULL, IOERR,
    // BUSY, NOMEM: https://sqlite.org/lang_transaction.html, "Response To Errors Within A Transaction"); the connection is
    // then back in autocommit mode, which TransactionSurvived checks.
    public override bool FailedStatementAbortsTransaction => false;

    public override bool TransactionSurvived(DbConnection connection) =>
        connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } && SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0;

    // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default) takes the write lock at once: one migrator at a time. Busy after
    // the busy timeout means another process holds the lock, perhaps applying a step (a table rebuild of a large file
    // takes as long as it takes): keep waiting rather than fail this process's start.
    // SQLite does not tell who holds the lock.
    public override DbTransaction BeginMigration(DbConnection connection, ILogger? logger = null)
    {
        System.Diagnostics.Stopwatch? waiting = null;
        while (true)
        {
            try
            {
                var transaction = connection.BeginTransaction();
                if (waiting is not null && logger is not null) StoreStartLog.GoingOn(logger, Name, waiting.Elapsed.TotalSeconds);
                return transaction;
            }
            catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_BUSY)
            {
                if (waiting is not null) continue;
                // The first busy timeout has passed already: the wait so far counts.
                waiting = System.Diagnostics.Stopwatch.StartNew();
                if (logger is not null) StoreStartLog.Waiting(logger, Name, "another connection to the file (SQLite does not say which process)");
            }
        }
    }
}
