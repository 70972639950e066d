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
    /// How often the background checkpointer runs a PASSIVE WAL checkpoint (copying committed pages into the database
    /// file; it never waits for or blocks readers and writers) when this store committed anything since the last one,
    /// however few commits that was. Checkpoints are where the fsyncs are, so this keeps them off request threads.
    /// Zero: no background checkpointer; SQLite then checkpoints on the committing request every 1000 WAL pages.
    /// Durability is the same either way (it is set by <see cref="SynchronousNormal"/>).
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Commits after which the background checkpointer runs without waiting for <see cref="CheckpointInterval"/>
    /// (default 256, about 3,000 WAL pages of DUIS requests; zero: by the interval only). Under load this keeps the WAL
    /// short enough that the committing request never reaches <see cref="WalAutoCheckpointPages"/> with much left to
    /// copy: measured in BENCHMARKS.md, checkpointing on the request thread cost a request about 20 µs.
    /// </summary>
    public int CheckpointAfterCommits { get; set; } = 256;

    /// <summary>
    /// WAL size (pages) at which a committing request checkpoints itself while the background checkpointer is on. With
    /// the background keeping up, that request only copies the last few pages, and the WAL then starts over from its
    /// beginning (which a background PASSIVE checkpoint cannot make happen while writes keep arriving).
    /// </summary>
    public int WalAutoCheckpointPages { get; set; } = 10_000;

    /// <summary>
    /// Page size of a database file this store creates (512..65536, a power of two; an existing file keeps its own).
    /// Default 2048 rather than SQLite's 4096: a DUIS request dirties about ten pages (counter, audit, pending request
    /// and their indexes) and every commit writes each of them whole to the WAL, so smaller pages halve the bytes written
    /// per request; measured in BENCHMARKS.md (the store stage of a request: about 112 µs at 2048, 148 µs at 4096,
    /// 171 µs at 512, where B-trees get deep).
    /// </summary>
    public int PageSize { get; set; } = 2048;

    /// <summary>Whether SQLite can use <paramref name="size"/> as a page size: a power of two from 512 to 65536.</summary>
    public static bool IsValidPageSize(int size) => size is >= 512 and <= 65536 && (size & (size - 1)) == 0;

    /// <summary>
    /// Units of work one commit may carry; null (default): 64 with synchronous=FULL, 1 with NORMAL. Writers of a store
    /// instance always queue in process for one writer connection (rather than meeting SQLite's busy handler, which
    /// sleeps for milliseconds). Above 1, a unit that finishes while others are queued leaves the transaction open for
    /// them and the last of the group commits for all; every unit's Commit still returns only once its data is
    /// committed. That pays where a commit is expensive: with FULL (an fsync per commit) 8 concurrent request threads
    /// ran 1.86x the requests/s at 0.66x the CPU per request. With NORMAL a commit is a write into the page cache, and
    /// grouping gained nothing (0.85-1.01x requests/s across runs). BENCHMARKS.md has the runs.
    /// </summary>
    public int? MaxGroupCommit { get; set; }
}

/// <summary>
/// The embedded default <see cref="IDccStore"/>: one SQLite file under the data directory, in WAL mode (readers never
/// wait for the writer). Writes of this instance queue in process for one writer connection and are committed in groups
/// (<see cref="SqliteStoreOptions.MaxGroupCommit"/>); other processes on the same file wait on the busy timeout. Reading
/// connections are kept open in a small per-instance pool with their PRAGMAs applied once at open and their prepared
/// statements cached.
/// </summary>
public sealed class SqliteDccStore : SqlDccStore
{
    private readonly GroupCommitWriter _writer;
    private readonly Thread? _checkpointer;
    private readonly AutoResetEvent _wake = new(false);
    private readonly TimeSpan _checkpointInterval;
    private readonly int _checkpointAfterCommits;
    private readonly string _connectionString;
    private readonly Lock _checkpointGate = new();
    private SqliteConnection? _checkpointConnection;
    private int _commitsSinceCheckpoint;
    private long _checkpoints;
    private volatile bool _stopping;

    private SqliteDccStore(SqlDatabase db, string path, string connectionString, SqliteStoreOptions options)
        : base(db, options.ReferenceCacheTtl)
    {
        FilePath = path;
        _connectionString = connectionString;
        _writer = db.Writer!;
        if (options.CheckpointInterval <= TimeSpan.Zero) return;
        _checkpointInterval = options.CheckpointInterval;
        _checkpointAfterCommits = options.CheckpointAfterCommits;
        db.Committed += OnCommitted;
        _checkpointer = new Thread(RunCheckpointer) { IsBackground = true, Name = "SQLite checkpointer" };
        _checkpointer.Start();
    }

    /// <summary>Transactions the store's writer committed (for metrics and tests).</summary>
    public long WriterCommits => _writer.Commits;

    /// <summary>Units of work (and single writes) those transactions carried: divided by <see cref="WriterCommits"/>, the mean group size.</summary>
    public long WriterUnits => _writer.Units;

    /// <summary>Writes waiting for the writer connection right now (for metrics and tests).</summary>
    public int WriterQueued => _writer.Queued;

    /// <summary>Checkpoints the background checkpointer has completed (for metrics and tests).</summary>
    public long BackgroundCheckpoints => Interlocked.Read(ref _checkpoints);

    // On the committing thread: one interlocked increment, and a wake-up every CheckpointAfterCommits commits.
    private void OnCommitted()
    {
        if (Interlocked.Increment(ref _commitsSinceCheckpoint) == _checkpointAfterCommits) _wake.Set();
    }

    // Runs when woken by commits, or each interval if anything was committed since the last run. Commits made during a
    // checkpoint count towards the next one.
    private void RunCheckpointer()
    {
        while (true)
        {
            _wake.WaitOne(_checkpointInterval);
            if (_stopping) return;
            if (Interlocked.Exchange(ref _commitsSinceCheckpoint, 0) == 0) continue;
            lock (_checkpointGate)
            {
                if (CheckpointLocked()) Interlocked.Increment(ref _checkpoints);
            }
        }
    }

    /// <summary>Runs one PASSIVE WAL checkpoint now (the background checkpointer does this as commits accumulate), after
    /// any one in progress. Returns false if the store is closed or the checkpoint could not run (it is retried later).</summary>
    public bool Checkpoint()
    {
        lock (_checkpointGate) return CheckpointLocked();
    }

    private bool CheckpointLocked()
    {
        try
        {
            if (_stopping) return false;
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
            // this runs on the checkpointer thread, where an exception would end the process.
            _checkpointConnection?.Dispose();
            _checkpointConnection = null;
            return false;
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (!disposing || _stopping) return;
        _stopping = true;
        if (_checkpointer is not null)
        {
            _wake.Set();
            _checkpointer.Join();
        }
        lock (_checkpointGate)
        {
            _checkpointConnection?.Dispose();
            _checkpointConnection = null;
        }
        // _wake is left to the finalizer: a commit still finishing on another thread may Set it after this returns.
    }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <summary>Opens (creating it if needed) the store in <paramref name="dataDirectory"/> and migrates its schema.</summary>
    /// <param name="dataDirectory">Folder of the database file.</param>
    /// <param name="options">Options; null: the defaults.</param>
    /// <param name="logger">Where the store logs what an operator needs to see, such as a start waiting for another
    /// process's schema migration; null: nowhere.</param>
    public static SqliteDccStore Open(string dataDirectory, SqliteStoreOptions? options = null, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        options ??= new SqliteStoreOptions();
        if (!SqliteStoreOptions.IsValidPageSize(options.PageSize))
            throw new ArgumentOutOfRangeException(nameof(options), options.PageSize, "PageSize must be a power of two from 512 to 65536");
        if (options.MaxGroupCommit is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxGroupCommit, "MaxGroupCommit must be at least 1");
        if (options.CheckpointAfterCommits < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.CheckpointAfterCommits, "CheckpointAfterCommits must not be negative");
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
        var db = new SqlDatabase(dialect, () => new SqliteConnection(connectionString), keepOpen: true,
            options.MaxGroupCommit ?? (options.SynchronousNormal ? 1 : 64),
            options.BusyTimeout)
        {
            Logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
        };
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
