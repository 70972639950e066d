using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using Npgsql;

namespace CommsHub.Dcc.Access.Tests.Backends;

/// <summary>
/// A PostgreSQL store in a schema of its own (created here, dropped at disposal) inside the database that
/// <c>COMMSHUB_POSTGRES</c> names; <c>.ci/postgres-setup.sh</c> prints a suitable connection string.
/// </summary>
public sealed class PostgresBackend : IStoreBackend
{
    /// <summary>The environment variable holding the Npgsql connection string.</summary>
    public const string EnvironmentVariable = "COMMSHUB_POSTGRES";

    private readonly string _admin;
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N");

    /// <summary>Creates the schema.</summary>
    public PostgresBackend()
    {
        _admin = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set but CI is: PostgreSQL must be available in CI. "
                + "Run `export COMMSHUB_POSTGRES=\"$(bash .ci/postgres-setup.sh)\"` first.");
        Run(_admin, $"CREATE SCHEMA {_schema}");
    }

    /// <summary>Why the PostgreSQL suites are skipped, or null when they run (configured, or CI demands them).</summary>
    public static string? SkipReason =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            ? null
            : $"PostgreSQL not configured: set {EnvironmentVariable} to an Npgsql connection string "
              + "(e.g. export COMMSHUB_POSTGRES=\"$(sudo bash .ci/postgres-setup.sh)\") to run the PostgreSQL store suites";

    /// <summary>The connection string the store opens with (this test's schema first on the search path).</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(_admin) { SearchPath = _schema }.ToString();

    /// <inheritdoc/>
    public IDccStore Open() => PostgresDccStore.Open(ConnectionString);

    /// <summary>Opens a store on this database with <paramref name="options"/>.</summary>
    public IDccStore Open(PostgresStoreOptions options) => PostgresDccStore.Open(ConnectionString, options);

    /// <inheritdoc/>
    public void ExecuteRaw(string sql) => Run(ConnectionString, sql);

    /// <inheritdoc/>
    public IReadOnlyList<string> QueryRaw(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return StoreBackendRows.Read(command);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Run(_admin, $"DROP SCHEMA IF EXISTS {_schema} CASCADE");
    }

    private static void Run(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
