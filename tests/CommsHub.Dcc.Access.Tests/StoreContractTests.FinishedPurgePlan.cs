using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>
/// Storage contract, part: the retention purge takes its batch of the oldest finished requests without sorting every
/// finished row past the retention. After a long pause, or when retention is first turned on over a large table, that
/// is most of the table, and a sort of it per batch makes every sweep read it all.
/// </summary>
public abstract partial class StoreContractTests<TBackend>
{
    private static readonly PendingState[] EndStates =
        [PendingState.Completed, PendingState.Failed, PendingState.TimedOut, PendingState.Rejected];

    // Finished requests of all four end states, their deadlines interleaved, beside a few still live.
    private void AddFinishedBacklog(int finished, int live)
    {
        using var unit = Store.BeginUnitOfWork();
        for (var i = 0; i < finished + live; i++)
            Assert.True(Store.PendingRequests.Add(new PendingRequest($"F-{i:D5}", UserEui, DeviceEui, (ulong)i + 1, "4.1.1",
                i < finished ? EndStates[i % EndStates.Length] : PendingState.Sent, T0.AddSeconds(i), T0.AddSeconds(i + 30), [0xD9])));
        unit.Commit();
    }

    [StoreFact]
    public void The_retention_purge_reads_each_end_state_through_its_index_without_sorting_all_finished_rows()
    {
        AddFinishedBacklog(finished: 4000, live: 200);
        if (this is IPostgresSuite) Backend.ExecuteRaw("ANALYZE pending_requests"); // this schema's table only

        var sql = SqlPendingRequestStore.PurgeFinishedSql(Dialect)
            .Replace("@before", SqlValues.Time(T0.AddDays(1)).ToString())
            .Replace("@limit", "100");
        var plan = string.Join("\n", Backend.QueryRaw((this is IPostgresSuite ? "EXPLAIN ANALYZE " : "EXPLAIN QUERY PLAN ") + sql));

        if (this is IPostgresSuite)
        {
            // EXPLAIN ANALYZE runs the DELETE: the batch is the 100 oldest, and each state's scan stopped at the batch.
            Assert.Equal(3900, EndStates.Sum(s => Store.PendingRequests.InState(s, 5000).Count));
            // The DELETE's own join to the batch's keys is the planner's choice by table size; the batch is what matters.
            var stateScans = plan.Split('\n').Where(l => l.Contains("Index Scan using pending_requests_state")).ToList();
            Assert.True(stateScans.Count == 4, $"not one ordered read per end state:\n{plan}");
            Assert.All(stateScans, line => Assert.True(RowsOf(line) <= 100, $"an end state's read went past the batch:\n{plan}"));
        }
        else
        {
            // SQLite sorts only in a temporary b-tree. One ordered read per end state through the (state, deadline,
            // request_id) index; the merge of their four batches of at most 100 rows may use one, no read may.
            Assert.Equal(4, plan.Split('\n').Count(l => l.Contains("SEARCH pending_requests") && l.Contains("pending_requests_state")));
            Assert.DoesNotContain("SCAN pending_requests", plan);
            Assert.True(plan.Split("TEMP B-TREE").Length - 1 <= 1, plan);
        }
    }

    private static int RowsOf(string planLine)
    {
        var at = planLine.IndexOf("actual time=", StringComparison.Ordinal);
        var rows = planLine.IndexOf("rows=", at, StringComparison.Ordinal) + 5;
        var end = rows;
        while (end < planLine.Length && char.IsDigit(planLine[end])) end++;
        return int.Parse(planLine[rows..end]);
    }
}
