using System.Data.Common;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// Thin ADO.NET helper shared by the repositories: every operation opens a pooled connection, runs, and closes it,
/// so no state is kept between calls and the repositories are safe to use from many threads.
/// </summary>
internal sealed class SqlDatabase(SqlDialect dialect, Func<DbConnection> createConnection)
{
    /// <summary>The dialect.</summary>
    public SqlDialect Dialect { get; } = dialect;

    /// <summary>An open connection with the dialect's per-connection settings applied.</summary>
    public DbConnection Open()
    {
        var connection = createConnection();
        try
        {
            connection.Open();
            Dialect.OnOpen(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs a statement; returns rows affected.</summary>
    public int Execute(string sql, params (string Name, object? Value)[] args)
    {
        using var connection = Open();
        using var command = Command(connection, null, sql, args);
        return command.ExecuteNonQuery();
    }

    /// <summary>First column of the first row, or null.</summary>
    public object? Scalar(string sql, params (string Name, object? Value)[] args)
    {
        using var connection = Open();
        using var command = Command(connection, null, sql, args);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Every row, mapped.</summary>
    public List<T> List<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] args)
    {
        using var connection = Open();
        using var command = Command(connection, null, sql, args);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(map(reader));
        return rows;
    }

    /// <summary>The first row mapped, or null.</summary>
    public T? First<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] args) where T : class
    {
        using var connection = Open();
        using var command = Command(connection, null, sql, args);
        using var reader = command.ExecuteReader();
        return reader.Read() ? map(reader) : null;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction, committed when it returns.</summary>
    public T InTransaction<T>(Func<DbConnection, DbTransaction, T> work)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        var result = work(connection, transaction);
        transaction.Commit();
        return result;
    }

    /// <summary>A command with parameters (names written with '@', which both providers accept).</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] args)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in args)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }
}
