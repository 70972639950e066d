using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace CommsHub.Dcc.Access.Tests.Backends;

/// <summary>A SQLite store in a temporary data directory.</summary>
public sealed class SqliteBackend : IStoreBackend
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "commshub-store-tests", Guid.NewGuid().ToString("N"));

    /// <inheritdoc/>
    public IDccStore Open() => SqliteDccStore.Open(_directory);

    /// <summary>Opens a store on this database with <paramref name="options"/>.</summary>
    public IDccStore Open(SqliteStoreOptions options) => SqliteDccStore.Open(_directory, options);

    /// <summary>The database file (it exists once a store has been opened).</summary>
    public string FilePath => Path.Combine(_directory, "commshub.db");

    /// <inheritdoc/>
    public void ExecuteRaw(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> QueryRaw(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return StoreBackendRows.Read(command);
    }

    private SqliteConnection Connect()
    {
        // Before the first Open (e.g. to build an old schema by hand) the data directory does not exist yet.
        Directory.CreateDirectory(_directory);
        var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "commshub.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
