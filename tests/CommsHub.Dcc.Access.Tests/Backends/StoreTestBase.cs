using CommsHub.Dcc.Storage;

namespace CommsHub.Dcc.Access.Tests.Backends;

/// <summary>Base of every backend-parameterised suite: a fresh database per test, a store opened on it.</summary>
public abstract class StoreTestBase<TBackend> : IDisposable where TBackend : IStoreBackend, new()
{
    private IDccStore? _store;

    /// <summary>The database.</summary>
    protected TBackend Backend { get; } = new();

    /// <summary>The store (opened on first use).</summary>
    protected IDccStore Store => _store ??= Backend.Open();

    /// <summary>Closes the store and opens a new one on the same database, as a restarted adapter would.</summary>
    protected IDccStore Reopen()
    {
        _store?.Dispose();
        _store = Backend.Open();
        return _store;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _store?.Dispose();
        Backend.Dispose();
        GC.SuppressFinalize(this);
    }
}
