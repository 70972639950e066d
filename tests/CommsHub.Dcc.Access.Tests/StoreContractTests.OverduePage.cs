using System.Text.RegularExpressions;
using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>
/// Storage contract, part: a page of overdue requests (the sweeper's second read) holds the earliest deadlines of both
/// states, and reads about a page from the table, not every overdue row, however many an outage left past their deadline.
/// </summary>
public abstract partial class StoreContractTests<TBackend>
{
    private const int OverduePage = 100;

    // After an outage: Sent requests past their deadline, Pending ones too (their hub never came back), and finished ones.
    // Requests created together share a deadline: `together` at a time.
    private List<PendingRequest> AddOverdue(int count, int together)
    {
        var all = new List<PendingRequest>();
        using var unit = Store.BeginUnitOfWork();
        for (var i = 0; i < count; i++)
        {
            var state = (i % 8) switch { 0 => PendingState.Pending, 1 => PendingState.Completed, _ => PendingState.Sent };
            // RequestIDs not in deadline order, so that ties are broken by RequestID, not by insertion.
            var request = new PendingRequest($"O-{(i * 7919) % count:D5}", UserEui, DeviceEui, (ulong)i + 1, "4.1.1", state,
                T0, T0.AddSeconds(i / together), [0xD9]);
            Assert.True(Store.PendingRequests.Add(request));
            all.Add(request);
        }
        unit.Commit();
        return all;
    }

    [StoreFact]
    public void A_page_of_overdue_requests_holds_the_earliest_deadlines_of_both_states()
    {
        var all = AddOverdue(600, together: 2);
        var now = T0.AddSeconds(250);
        var expected = all.Where(r => r.State is PendingState.Pending or PendingState.Sent && r.Deadline <= now)
            .OrderBy(r => r.Deadline).ThenBy(r => r.RequestId, StringComparer.Ordinal).Take(OverduePage).Select(r => r.RequestId);

        Assert.Equal(expected, Store.PendingRequests.Overdue(now, OverduePage).Select(r => r.RequestId));
        Assert.Equal(["O-00000"], Store.PendingRequests.Overdue(T0, OverduePage).Select(r => r.RequestId));
    }

    [StoreFact]
    public void A_page_of_overdue_requests_reads_about_a_page_from_the_table_not_every_overdue_row()
    {
        AddOverdue(4000, together: 1000);
        var sql = SqlPendingRequestStore.OverdueSql
            .Replace("@now", SqlValues.Time(T0.AddDays(1)).ToString())
            .Replace("@limit", OverduePage.ToString());
        if (this is IPostgresSuite)
        {
            Backend.ExecuteRaw("ANALYZE pending_requests"); // this schema's table only: a bare ANALYZE walks every schema while other tests drop theirs
            // Rows each read of the table returned, as executed: a page or a few more (ties on the last deadline).
            var reads = Backend.QueryRaw("EXPLAIN ANALYZE " + sql)
                .Where(line => line.Contains(" on pending_requests", StringComparison.Ordinal))
                .Select(line => int.Parse(Regex.Match(line, @"actual time=\S+ rows=(\d+)").Groups[1].Value))
                .ToList();
            Assert.NotEmpty(reads);
            Assert.All(reads, rows => Assert.InRange(rows, 0, 2 * OverduePage));
        }
        else
        {
            // id | parent | notused | detail. A sort next to a read of the table (same parent) sorts every row read, or
            // (RIGHT PART) every row sharing a deadline.
            var plan = Backend.QueryRaw("EXPLAIN QUERY PLAN " + sql).Select(row => row.Split(" | ")).ToList();
            var reads = plan.Where(p => p[3].StartsWith("SEARCH pending_requests", StringComparison.Ordinal)
                || p[3].StartsWith("SCAN pending_requests", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(reads);
            Assert.All(reads, read => Assert.Contains("(state=? AND deadline<?)", read[3]));
            var sorts = plan.Where(p => p[3].StartsWith("USE TEMP B-TREE FOR", StringComparison.Ordinal)).Select(p => p[1]);
            Assert.Empty(reads.Select(r => r[1]).Intersect(sorts));
        }
    }
}
