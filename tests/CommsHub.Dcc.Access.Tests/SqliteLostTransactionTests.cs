using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using Microsoft.Data.Sqlite;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>
/// SQLite may end a whole transaction after an error (SQLITE_FULL, IOERR, NOMEM: https://sqlite.org/lang_transaction.html,
/// "Response To Errors Within A Transaction"); the connection is then in autocommit mode. A unit of work or batch that
/// lost its transaction so is doomed and its Commit throws; nothing written in it after that may be committed either,
/// statement by statement, behind the caller's back (a request answered 503 must leave no pending request for the
/// sweeper to publish). The loss is simulated with a trigger's RAISE(ROLLBACK), which ends the transaction the same way.
/// </summary>
public sealed class SqliteLostTransactionTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const ulong User = 0x90B3D51F30010000, Device = 0x00DB1234567890A0;
    private const string Poison = "POISON";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-lost-transaction-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteDccStore _store;

    public SqliteLostTransactionTests()
    {
        _store = SqliteDccStore.Open(_dir, new SqliteStoreOptions { CheckpointInterval = TimeSpan.Zero });
        _store.Database.Execute($"""
            CREATE TRIGGER lose_transaction_on_insert BEFORE INSERT ON audit WHEN NEW.request_id = '{Poison}'
            BEGIN SELECT RAISE(ROLLBACK, 'simulated: SQLite ended the transaction'); END
            """);
        _store.Database.Execute($"""
            CREATE TRIGGER lose_transaction_on_delete BEFORE DELETE ON user_outbox WHEN OLD.delivery_key = '{Poison}'
            BEGIN SELECT RAISE(ROLLBACK, 'simulated: SQLite ended the transaction'); END
            """);
    }

    [Fact]
    public void Units_of_a_batch_after_one_that_lost_the_transaction_keep_nothing()
    {
        using (var batch = _store.BeginBatch())
        {
            using (var first = _store.BeginUnitOfWork())
            {
                _store.Audit.Append(Entry("R1"));
                first.Commit();
            }
            Assert.ThrowsAny<SqliteException>(() =>
            {
                using var failing = _store.BeginUnitOfWork();
                _store.Audit.Append(Entry(Poison));
                failing.Commit();
            });
            // The next request of the batch: refused at once, or at the latest by its commit or the batch's.
            try
            {
                using var next = _store.BeginUnitOfWork();
                Assert.True(_store.Counters.TryAdvance(User, 7, out _));
                _store.Audit.Append(Entry("R3"));
                _store.PendingRequests.Add(Pending("R3", 3));
                next.Commit();
            }
            catch (StoreCommitException)
            {
            }
            Assert.Throws<StoreCommitException>(batch.Commit);
        }
        Assert.Empty(_store.Audit.ForRequest("R1"));
        Assert.Empty(_store.Audit.ForRequest("R3"));
        Assert.Null(_store.PendingRequests.Find("R3"));
        Assert.True(_store.Counters.TryAdvance(User, 7, out _));
        // And the store goes on working.
        _store.Audit.Append(Entry("R4"));
        Assert.Single(_store.Audit.ForRequest("R4"));
    }

    [Fact]
    public void Writes_after_an_isolated_write_lost_the_transaction_of_a_unit_keep_nothing()
    {
        Assert.True(_store.Outbox.Add(new OutboxMessage(User, DuisMessageKind.Response, Poison, [1, 2, 3], T0, T0, 1)));
        using (var unit = _store.BeginUnitOfWork())
        {
            Assert.True(_store.PendingRequests.Add(Pending("R1", 1)));
            // The isolated write (users' acknowledgements riding on a unit) fails, and with it the transaction.
            Assert.ThrowsAny<SqliteException>(() => _store.Outbox.RemoveAll([(DuisMessageKind.Response, Poison)]));
            try
            {
                _store.Outbox.Add(new OutboxMessage(User, DuisMessageKind.Response, "R1", [4, 5, 6], T0, T0, 1));
            }
            catch (StoreCommitException)
            {
            }
            Assert.Throws<StoreCommitException>(unit.Commit);
        }
        Assert.Null(_store.PendingRequests.Find("R1"));
        Assert.Null(_store.Outbox.Find(DuisMessageKind.Response, "R1"));
        Assert.NotNull(_store.Outbox.Find(DuisMessageKind.Response, Poison));
    }

    private static AuditEntry Entry(string requestId) =>
        new(T0, AccessControl.Actor, User, "4.1.1", requestId, Device, "I99", AccessOutcome.Accepted, "why");

    private static PendingRequest Pending(string requestId, ulong counter) =>
        new(requestId, User, Device, counter, "4.1.1", PendingState.Pending, T0, T0.AddSeconds(30), [0xDD]);

    public void Dispose()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
