using System.Data.Common;

namespace CommsHub.Dcc.Access.Tests.Backends;

/// <summary>Reads a raw query's rows as text, for <see cref="IStoreBackend.QueryRaw"/>.</summary>
internal static class StoreBackendRows
{
    /// <summary>Each row's columns as text, joined by " | "; NULL as an empty string.</summary>
    public static IReadOnlyList<string> Read(DbCommand command)
    {
        var rows = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i)))));
        return rows;
    }
}
