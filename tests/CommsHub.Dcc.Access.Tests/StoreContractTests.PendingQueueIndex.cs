using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>
/// Storage contract, part: the sweeper's pages of Pending requests come from the arrival-order index over Pending rows
/// (schema step 14), not from a sort of every Pending row per page; a database at schema 13 gets it with its rows.
/// </summary>
public abstract partial class StoreContractTests<TBackend>
{
    // A backlog held for offline hubs (OfflineHubPolicy.Queue) beside requests already sent.
    private void AddBacklog(int pending, int sent)
    {
        using var unit = Store.BeginUnitOfWork();
        for (var i = 0; i < pending + sent; i++)
            Assert.True(Store.PendingRequests.Add(new PendingRequest($"B-{i:D5}", UserEui, DeviceEui, (ulong)i + 1, "4.1.1",
                i % 4 == 3 && sent > 0 ? PendingState.Sent : PendingState.Pending, T0.AddSeconds(i), T0.AddHours(1), [0xD9])));
        unit.Commit();
    }

    private SqlDialect Dialect => this is IPostgresSuite
        ? new PostgresDialect()
        : new SqliteDialect(synchronousNormal: true, TimeSpan.FromSeconds(1), walAutoCheckpointPages: 1000);

    private IReadOnlyList<string> PlanOfPendingPage(bool after)
    {
        var sql = SqlPendingRequestStore.PageSql(Dialect, PendingState.Pending, after)
            .Replace("@created", SqlValues.Time(T0.AddSeconds(1000)).ToString())
            .Replace("@rid", "'B-01000'")
            .Replace("@limit", "100");
        return Backend.QueryRaw((this is IPostgresSuite ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + sql);
    }

    [StoreFact]
    public void A_page_of_pending_requests_is_read_from_the_arrival_order_index_without_sorting_the_backlog()
    {
        AddBacklog(pending: 3000, sent: 1000);
        // PostgreSQL's autovacuum analyses a table this size soon after; SQLite is never analysed by the adapter.
        if (this is IPostgresSuite) Backend.ExecuteRaw("ANALYZE pending_requests"); // this schema's table only: a bare ANALYZE walks every schema while other tests drop theirs

        foreach (var after in new[] { false, true })
        {
            var plan = string.Join("\n", PlanOfPendingPage(after));
            Assert.Contains("pending_requests_queue", plan);
            // SQLite: "USE TEMP B-TREE FOR ORDER BY"; PostgreSQL: a Sort node. Either means every Pending row read per page.
            Assert.DoesNotContain("TEMP B-TREE", plan);
            Assert.DoesNotContain("Sort", plan);
        }
    }

    [StoreFact]
    public void A_database_at_schema_13_pages_its_pending_requests_in_arrival_order_through_schema_14()
    {
        BuildAtSchema(13);
        var blob = this is IPostgresSuite ? "'\\xD901'::bytea" : "X'D901'";
        foreach (var (id, counter, state, at) in new[] { ("OLD-B", 1, "Pending", 5), ("OLD-A", 2, "Pending", 5), ("OLD-S", 3, "Sent", 1), ("OLD-C", 4, "Pending", 1) })
            Backend.ExecuteRaw($"""
                INSERT INTO pending_requests (request_id, user_eui, device_eui, originator_eui, originator_counter, srv, state,
                    created_at, deadline, gbcs, response_code)
                VALUES ('{id}', '{SqlValues.Eui(UserEui)}', '{SqlValues.Eui(DeviceEui)}', '{SqlValues.Eui(UserEui)}', {SqlValues.Counter((ulong)counter)},
                    '4.1.1', '{state}', {SqlValues.Time(T0.AddSeconds(at))}, {SqlValues.Time(T0.AddHours(1))}, {blob}, NULL)
                """);

        Assert.Equal(LatestSchema, Store.SchemaVersion);
        var first = Store.PendingRequests.InState(PendingState.Pending, 2, null);
        Assert.Equal(["OLD-C", "OLD-A"], first.Select(r => r.RequestId));
        Assert.Equal(["OLD-B"], Store.PendingRequests.InState(PendingState.Pending, 2, first[^1]).Select(r => r.RequestId));
        // A request sent leaves the pages of Pending ones.
        Assert.True(Store.PendingRequests.TryTransition("OLD-C", PendingState.Pending, PendingState.Sent));
        Assert.Equal(["OLD-A", "OLD-B"], Reopen().PendingRequests.InState(PendingState.Pending, 10, null).Select(r => r.RequestId));
    }
}
