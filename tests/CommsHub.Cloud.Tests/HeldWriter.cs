using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// Another writer holding the store's writer connection (an open unit of work on its own thread) until released, as a
/// long transaction or a stuck database would: a request's own unit of work waits behind it (or times out).
/// </summary>
internal sealed class HeldWriter : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly ManualResetEventSlim _release = new();
    private readonly Thread _holder;

    public HeldWriter(IDccStore store)
    {
        var held = new ManualResetEventSlim();
        _holder = new Thread(() =>
        {
            using var unit = store.BeginUnitOfWork();
            held.Set();
            _release.Wait();
        }) { IsBackground = true };
        _holder.Start();
        Assert.True(held.Wait(Patience), "the writer was not taken");
    }

    /// <summary>
    /// Waits until <paramref name="count"/> writes queue behind the held one: proof that the request under test reached
    /// the store and is waiting for its commit.
    /// </summary>
    public static async Task WaitForQueuedAsync(IDccStore store, int count = 1)
    {
        var sqlite = Assert.IsType<SqliteDccStore>(store);
        var deadline = DateTime.UtcNow + Patience;
        while (sqlite.WriterQueued < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"expected {count} write(s) queued behind the held writer, saw {sqlite.WriterQueued}");
            await Task.Delay(5);
        }
    }

    /// <summary>Lets the held unit of work go (rolled back: it wrote nothing).</summary>
    public void Release()
    {
        _release.Set();
        Assert.True(_holder.Join(Patience), "the held writer did not finish");
    }

    public void Dispose()
    {
        _release.Set();
        _holder.Join(Patience);
    }
}
