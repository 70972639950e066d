using CommsHub.Cli.Faults;
using CommsHub.Firmware.Host.Runtime;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>How <c>commshub faults</c> turns what users and devices saw into its summary line.</summary>
public class FaultSummaryTests
{
    private const ulong User = 0x02C04B0000010000, Meter = 0x02C04B10000001A0;

    [Fact]
    public void Each_number_counts_what_it_says()
    {
        var ledger = new RequestLedger();
        Sent(ledger, 1, "I99", ("I0", "AAA"));
        var lost = Sent(ledger, 2, "I99");
        Sent(ledger, 3, "I99", ("I0", "BBB"), ("I0", "BBB"), ("I0", "BBB"));
        var twoOutcomes = Sent(ledger, 4, "I99", ("E21", ""), ("I0", "CCC"));
        Sent(ledger, 5, null, ("I0", "DDD")); // refused, yet answered
        var executedTwice = Sent(ledger, 6, "I99", ("I0", "EEE"));
        ExecutedCommand Run(ulong counter) => new(Meter, User, counter, 0, 0, 0x0027);
        List<RequestRecord> lostList = [];
        List<(RequestRecord Request, string Why)> duplicated = [];

        var summary = FaultSummary.Count("adapter-kill", ledger, [Run(1), Run(6), Run(6), Run(3)], lostList, duplicated);

        Assert.Equal("adapter-kill: sent 6 acknowledged 5 answered 5 lost 1 duplicated 2 redelivered 2", summary.ToString());
        Assert.Same(lost, Assert.Single(lostList));
        Assert.Equal([twoOutcomes.Id, executedTwice.Id], duplicated.Select(d => d.Request.Id).Order().ToArray());
        Assert.False(summary.Passed);
    }

    [Fact]
    public void A_record_line_round_trips_and_names_the_request_of_an_acb_command()
    {
        var byUser = new ExecutedCommand(Meter, User, 42, 0, 0, 0x0027);
        var byAcb = new ExecutedCommand(Meter, 0x02C04B0000000002, 7, User, 43, 0x0027);

        Assert.Equal(byUser, ExecutedCommand.Parse(byUser.Format()));
        Assert.Equal(byAcb, ExecutedCommand.Parse(byAcb.Format()));
        Assert.Equal((User, Meter, 43UL), byAcb.RequestKey);
        Assert.Null(ExecutedCommand.Parse(byUser.Format()[..20])); // a line cut short by a kill
    }

    private static RequestRecord Sent(RequestLedger ledger, ulong counter, string? sync, params (string Code, string Content)[] outcomes)
    {
        var r = new RequestRecord($"{User:X16}:{Meter:X16}:{counter}", User, Meter, counter, "http") { SentAt = DateTime.UtcNow };
        ledger.Add(r);
        if (sync is not null) ledger.Synchronous(r.Id, sync);
        else ledger.SendFailed(r.Id, "connection refused");
        foreach (var (code, content) in outcomes) ledger.Outcome(r.Id, code, content);
        return r;
    }
}
