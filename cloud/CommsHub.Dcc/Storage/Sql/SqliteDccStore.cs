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

    /// <summary>
    /// How long a store instance may serve users, Registration Data and inventory from its cache (default 2 s; zero: no
    /// cache). Writes through the same instance are seen at once; writes by another process on the same file within
    /// this time (see <see cref="IDccStore"/>).
    /// </summary>
    public TimeSpan ReferenceCacheTtl { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// The embedded default <see cref="IDccStore"/>: one SQLite file under the data directory, in WAL mode (readers never
/// wait for the writer; writers queue on the busy timeout). Connections are kept open in a small per-instance pool with
/// their PRAGMAs applied once at open and their prepared statements cached.
/// </summary>
public sealed class SqliteDccStore : SqlDccStore
{
    private SqliteDccStore(SqlDatabase db, string path, TimeSpan cacheTtl) : base(db, cacheTtl) => FilePath = path;

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
            // The store keeps its own open connections (SqlDatabase); closing one really closes the file handle.
            Pooling = false,
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
        var dialect = new SqliteDialect(options.SynchronousNormal, options.BusyTimeout);
        var db = new SqlDatabase(dialect, () => new SqliteConnection(connectionString), keepOpen: true);
        try
        {
            return new SqliteDccStore(db, path, options.ReferenceCacheTtl);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }
}
