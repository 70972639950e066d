using CommsHub.Dcc.Storage;

namespace CommsHub.Dcc.Access.Tests.Backends;

/// <summary>A database for one test: fresh and empty at construction, removed at disposal.</summary>
public interface IStoreBackend : IDisposable
{
    /// <summary>Opens a store on this database (migrating it). May be called again to reopen.</summary>
    IDccStore Open();

    /// <summary>Runs raw SQL against the database, bypassing the store (to try what the store API does not offer).</summary>
    void ExecuteRaw(string sql);

    /// <summary>Runs a raw query, bypassing the store: each row's columns as text, joined by " | " (e.g. a query plan).</summary>
    IReadOnlyList<string> QueryRaw(string sql);
}
