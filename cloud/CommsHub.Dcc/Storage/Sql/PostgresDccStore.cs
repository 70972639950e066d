using Npgsql;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>Options of <see cref="PostgresDccStore"/>.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>
    /// How long a store instance may serve users, Registration Data and inventory from its cache (default 2 s; zero: no
    /// cache). Writes through the same instance are seen at once; writes by other adapter instances sharing the database
    /// within this time (see <see cref="IDccStore"/>).
    /// </summary>
    public TimeSpan ReferenceCacheTtl { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// The <see cref="IDccStore"/> for a fleet beyond one machine: PostgreSQL shared by every adapter instance
/// (DESIGN.md, Scale-out). Tables go into the first schema of the connection's search path.
/// </summary>
public sealed class PostgresDccStore : SqlDccStore
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresDccStore(SqlDatabase db, NpgsqlDataSource dataSource, TimeSpan cacheTtl) : base(db, cacheTtl) => _dataSource = dataSource;

    /// <summary>Connects with <paramref name="connectionString"/> (Npgsql form) and migrates the schema.</summary>
    /// <param name="connectionString">Npgsql connection string; the tables go into the first schema of its search path.</param>
    /// <param name="options">Options; null: the defaults.</param>
    /// <param name="logger">Where the store logs what an operator needs to see, such as a start waiting for another
    /// instance's schema migration (and who holds it); null: nowhere.</param>
    public static PostgresDccStore Open(string connectionString, PostgresStoreOptions? options = null, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        options ??= new PostgresStoreOptions();
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            var db = new SqlDatabase(new PostgresDialect(), () => dataSource.CreateConnection())
            {
                Logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            };
            return new PostgresDccStore(db, dataSource, options.ReferenceCacheTtl);
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _dataSource.Dispose();
    }
}
