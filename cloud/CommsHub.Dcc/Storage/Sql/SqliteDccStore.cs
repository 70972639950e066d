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

    /// <summary>
    /// How often a background thread checkpoints the WAL into the database file (PASSIVE: it never waits for or blocks
    /// readers and writers). Checkpoints are where the fsyncs are, so this keeps them off request threads; requests only
    /// checkpoint themselves if the WAL reaches <see cref="WalAutoCheckpointPages"/> (the background fell behind).
    /// Zero: no background thread, SQLite's automatic checkpoint every 1000 pages on the committing request, as before.
    /// Durability is the same either way (it is set by <see cref="SynchronousNormal"/>).
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>WAL size (pages) at which a committing request checkpoints itself while background checkpoints are on.</summary>
    public int WalAutoCheckpointPages { get; set; } = 10_000;

    /// <summary>
    /// Page size of a database file this store creates (512..65536, a power of two; an existing file keeps its own).
    /// Default 2048 rather than SQLite's 4096: a DUIS request dirties about ten pages (counter, audit, pending request
    /// and their indexes) and every commit writes each of them whole to the WAL, so smaller pages halve the bytes written
    /// per request; measured in BENCHMARKS.md (the store stage of a request: about 112 µs at 2048, 148 µs at 4096,
    /// 171 µs at 512, where B-trees get deep).
    /// </summary>
    public int PageSize { get; set; } = 2048;
}

/// <summary>
/// The embedded default <see cref="IDccStore"/>: one SQLite file under the data directory, in WAL mode (readers never
/// wait for the writer; writers queue on the busy timeout). Connections are kept open in a small per-instance pool with
/// their PRAGMAs applied once at open and their prepared statements cached.
/// </summary>
public sealed class SqliteDccStore : SqlDccStore
{
    private readonly Timer? _checkpointTimer;
    private readonly string _connectionString;
    private readonly Lock _checkpointGate = new();
    private SqliteConnection? _checkpointConnection;
    private bool _disposed;

    private SqliteDccStore(SqlDatabase db, string path, string connectionString, SqliteStoreOptions options)
        : base(db, options.ReferenceCacheTtl)
    {
        FilePath = path;
        _connectionString = connectionString;
        if (options.CheckpointInterval > TimeSpan.Zero)
            _checkpointTimer = new Timer(_ => Tick(), null, options.CheckpointInterval, options.CheckpointInterval);
    }

    /// <summary>Runs one PASSIVE WAL checkpoint now (the background thread does this periodically), after any one in
    /// progress. Returns false if the store is closed or the checkpoint could not run (it is retried on the next tick).</summary>
    public bool Checkpoint()
    {
        lock (_checkpointGate) return CheckpointLocked();
    }

    // A tick that finds the previous checkpoint still running skips.
    private void Tick()
    {
        if (!_checkpointGate.TryEnter()) return;
        try
        {
            CheckpointLocked();
        }
        finally
        {
            _checkpointGate.Exit();
        }
    }

    private bool CheckpointLocked()
    {
        try
        {
            if (_disposed) return false;
            if (_checkpointConnection is null)
            {
                _checkpointConnection = new SqliteConnection(_connectionString);
                _checkpointConnection.Open();
            }
            using var command = _checkpointConnection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            command.ExecuteNonQuery();
            return true;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException)
        {
            // Busy or I/O trouble: nothing is lost (the WAL holds the commits); try again next time. Nothing may escape:
            // this runs on a timer thread, where an exception would end the process.
            _checkpointConnection?.Dispose();
            _checkpointConnection = null;
            return false;
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        if (_checkpointTimer is not null)
        {
            using var stopped = new ManualResetEvent(false);
            if (_checkpointTimer.Dispose(stopped)) stopped.WaitOne();
        }
        lock (_checkpointGate)
        {
            _disposed = true;
            _checkpointConnection?.Dispose();
            _checkpointConnection = null;
        }
    }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <summary>Opens (creating it if needed) the store in <paramref name="dataDirectory"/> and migrates its schema.</summary>
    public static SqliteDccStore Open(string dataDirectory, SqliteStoreOptions? options = null)
    {
        options ??= new SqliteStoreOptions();
        if (options.PageSize is < 512 or > 65536 || (options.PageSize & (options.PageSize - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.PageSize, "PageSize must be a power of two from 512 to 65536");
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
            // page_size only takes effect before the first table exists: a no-op on an existing file.
            wal.CommandText = $"PRAGMA page_size = {options.PageSize}; PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }
        var dialect = new SqliteDialect(options.SynchronousNormal, options.BusyTimeout,
            options.CheckpointInterval > TimeSpan.Zero ? options.WalAutoCheckpointPages : 1000);
        var db = new SqlDatabase(dialect, () => new SqliteConnection(connectionString), keepOpen: true);
        try
        {
            return new SqliteDccStore(db, path, connectionString, options);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }
}
