using Npgsql;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// The <see cref="IDccStore"/> for a fleet beyond one machine: PostgreSQL shared by every adapter instance
/// (DESIGN.md, Scale-out). Tables go into the first schema of the connection's search path.
/// </summary>
public sealed class PostgresDccStore : SqlDccStore
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresDccStore(SqlDatabase db, NpgsqlDataSource dataSource) : base(db) => _dataSource = dataSource;

    /// <summary>Connects with <paramref name="connectionString"/> (Npgsql form) and migrates the schema.</summary>
    public static PostgresDccStore Open(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            var db = new SqlDatabase(new PostgresDialect(), () => dataSource.CreateConnection());
            return new PostgresDccStore(db, dataSource);
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
