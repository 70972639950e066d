using System.Data.Common;
using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Dispatch;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>
/// Storage contract, part: the users' acknowledged outbox messages are deleted by key, many per statement, and inside a
/// unit of work or batch a failed delete undoes only itself (SQLite without a savepoint, PostgreSQL with one).
/// </summary>
public abstract partial class StoreContractTests<TBackend>
{
    [StoreFact]
    public void Acknowledged_outcomes_are_deleted_by_kind_and_key_past_one_statements_worth_of_keys()
    {
        var responses = Enumerable.Range(0, 70).Select(i => $"R{i}").ToArray();
        foreach (var key in responses) Assert.True(Store.Outbox.Add(Outcome(key)));
        Assert.True(Store.Outbox.Add(Outcome("A0", kind: DuisMessageKind.DeviceAlert)));
        Assert.True(Store.Outbox.Add(Outcome("A1", kind: DuisMessageKind.DeviceAlert)));
        Assert.True(Store.Outbox.Add(Outcome("R0", kind: DuisMessageKind.DeviceAlert))); // the same key, another kind

        (DuisMessageKind, string)[] taken =
        [
            .. responses.Select(k => (DuisMessageKind.Response, k)),
            (DuisMessageKind.Response, "R0"), // a repeated acknowledgement
            (DuisMessageKind.Response, "GONE"), // one already taken
            (DuisMessageKind.DeviceAlert, "A0"),
        ];
        Assert.Equal(71, Store.Outbox.RemoveAll(taken));

        Assert.All(responses, k => Assert.Null(Store.Outbox.Find(DuisMessageKind.Response, k)));
        Assert.Null(Store.Outbox.Find(DuisMessageKind.DeviceAlert, "A0"));
        Assert.NotNull(Store.Outbox.Find(DuisMessageKind.DeviceAlert, "A1"));
        Assert.NotNull(Store.Outbox.Find(DuisMessageKind.DeviceAlert, "R0"));
        Assert.Equal(0, Store.Outbox.RemoveAll(taken));
        Assert.Equal(0, Store.Outbox.RemoveAll([]));
    }

    [StoreFact]
    public void A_delete_of_acknowledged_outcomes_that_fails_inside_a_batch_or_unit_of_work_undoes_only_itself()
    {
        _ = Store.SchemaVersion; // the schema exists
        // A delete the database refuses, as a failing statement would be (disk, constraint, lost connection aside).
        Backend.ExecuteRaw(this is IPostgresSuite
            ? """
              CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN RAISE EXCEPTION 'poisoned'; END $$;
              CREATE TRIGGER outbox_poison BEFORE DELETE ON user_outbox FOR EACH ROW
                  WHEN (OLD.delivery_key = 'POISON') EXECUTE FUNCTION refuse_poison();
              """
            : """
              CREATE TRIGGER outbox_poison BEFORE DELETE ON user_outbox WHEN OLD.delivery_key = 'POISON'
              BEGIN SELECT RAISE(ABORT, 'poisoned'); END;
              """);
        Assert.True(Store.Outbox.Add(Outcome("OTHER")));
        Assert.True(Store.Outbox.Add(Outcome("POISON")));
        (DuisMessageKind, string)[] refused = [(DuisMessageKind.Response, "OTHER"), (DuisMessageKind.Response, "POISON")];

        using (var batch = Store.BeginBatch())
        {
            using (var unit = Store.BeginUnitOfWork())
            {
                Assert.True(Store.Outbox.Add(Outcome("BEFORE")));
                unit.Commit();
            }
            Assert.ThrowsAny<DbException>(() => Store.Outbox.RemoveAll(refused));
            using (var unit = Store.BeginUnitOfWork())
            {
                Assert.True(Store.Outbox.Add(Outcome("AFTER")));
                unit.Commit();
            }
            batch.Commit();
        }
        using (var unit = Store.BeginUnitOfWork())
        {
            Assert.True(Store.Outbox.Add(Outcome("IN UNIT")));
            Assert.ThrowsAny<DbException>(() => Store.Outbox.RemoveAll(refused));
            Assert.Equal(1, Store.Outbox.RemoveAll([(DuisMessageKind.Response, "BEFORE")])); // the unit goes on
            unit.Commit();
        }

        var again = Reopen();
        Assert.All(["OTHER", "POISON", "AFTER", "IN UNIT"], k => Assert.NotNull(again.Outbox.Find(DuisMessageKind.Response, k)));
        Assert.Null(again.Outbox.Find(DuisMessageKind.Response, "BEFORE"));
        Assert.ThrowsAny<DbException>(() => Store.Outbox.RemoveAll(refused)); // alone: its own transaction, rolled back
        Assert.NotNull(again.Outbox.Find(DuisMessageKind.Response, "OTHER"));
    }
}
