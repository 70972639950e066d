using Microsoft.Data.Sqlite;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>Options of <see cref="SqliteDccStore"/>.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>File name inside the data directory.</summary>
    public string FileName { get; set; } = "commshub.db";

    /// <summary>
    /// synchronous=NORMAL (default) instead of FULL. In WAL mode NORMAL loses nothing when the process is killed, only
    /// possibly the last transactions on power loss, and saves an fsync per commit (DESIGN.md's throughput target).
    /// </summary>
    public bool SynchronousNormal { get; set; } = true;

    /// <summary>How long a statement waits for another writer's lock before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The embedded default <see cref="IDccStore"/>: one SQLite file under the data directory, in WAL mode (readers never
/// wait for the writer; writers queue on the busy timeout).
/// </summary>
public sealed class SqliteDccStore : SqlDccStore
{
    private readonly string _connectionString;

    private SqliteDccStore(SqlDatabase db, string connectionString, string path) : base(db)
    {
        _connectionString = connectionString;
        FilePath = path;
    }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <summary>Opens (creating it if needed) the store in <paramref name="dataDirectory"/> and migrates its schema.</summary>
    public static SqliteDccStore Open(string dataDirectory, SqliteStoreOptions? options = null)
    {
        options ??= new SqliteStoreOptions();
        Directory.CreateDirectory(dataDirectory);
        var path = Path.GetFullPath(Path.Combine(dataDirectory, options.FileName));
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
        // WAL is a property of the file: set once, every later connection uses it.
        using (var connection = new SqliteConnection(connectionString))
        {
            connection.Open();
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }
        var db = new SqlDatabase(new SqliteDialect(options.SynchronousNormal), () => new SqliteConnection(connectionString));
        return new SqliteDccStore(db, connectionString, path);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        // Pooled connections keep the file open; release them so the file can be moved, deleted or reopened cleanly.
        if (disposing) SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }
}
