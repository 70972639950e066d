using System.Globalization;
using CommsHub.Firmware.Host.Runtime;

namespace CommsHub.Cli.Faults;

/// <summary>
/// The result of a run, as users and devices saw it (the last line of <c>commshub faults</c>):
/// <list type="bullet">
/// <item><c>sent</c>: requests the users tried to send;</item>
/// <item><c>acknowledged</c>: of those, accepted with a synchronous I99;</item>
/// <item><c>answered</c>: requests (acknowledged or not) for which at least one asynchronous outcome reached the user;</item>
/// <item><c>lost</c>: acknowledged, but no outcome reached the user by the deadline;</item>
/// <item><c>duplicated</c>: requests that a device executed more than once, or for which the user got two different
/// outcomes (code or payload differ);</item>
/// <item><c>redelivered</c>: repeats of an outcome already received, same code and content (allowed: the user drops them).</item>
/// </list>
/// </summary>
internal sealed record FaultSummary(string Scenario, int Sent, int Acknowledged, int Answered, int Lost, int Duplicated, int Redelivered)
{
    /// <summary>Counts the ledger at the deadline against the devices' execution records.</summary>
    /// <param name="scenario">The scenario name.</param>
    /// <param name="ledger">What the users saw.</param>
    /// <param name="executions">Every command the devices executed (all hubs, all restarts).</param>
    /// <param name="lost">The lost requests, for the report.</param>
    /// <param name="duplicated">The duplicated requests with why, for the report.</param>
    public static FaultSummary Count(string scenario, RequestLedger ledger, IEnumerable<ExecutedCommand> executions,
        List<RequestRecord> lost, List<(RequestRecord Request, string Why)> duplicated)
    {
        var runs = executions.GroupBy(e => e.RequestKey).ToDictionary(g => g.Key, g => g.Count());
        int sent = 0, acknowledged = 0, answered = 0, redelivered = 0;
        foreach (var r in ledger.Records.OrderBy(r => r.SentAt))
            lock (r)
            {
                if (r.SentAt == default) continue;
                sent++;
                if (r.Acknowledged) acknowledged++;
                if (r.Outcomes.Count > 0) answered++;
                else if (r.Acknowledged) lost.Add(r);
                var distinct = r.Outcomes.Select(o => (o.Code, o.Content)).Distinct().ToList();
                redelivered += r.Outcomes.Count - distinct.Count;
                var executed = runs.GetValueOrDefault((r.User, r.Meter, r.Counter));
                if (executed > 1)
                    duplicated.Add((r, $"executed {executed.ToString(CultureInfo.InvariantCulture)} times by the meter"));
                else if (distinct.Count > 1)
                    duplicated.Add((r, $"{distinct.Count.ToString(CultureInfo.InvariantCulture)} different outcomes: {string.Join(", ", distinct.Select(d => d.Code))}"));
            }
        return new FaultSummary(scenario, sent, acknowledged, answered, lost.Count, duplicated.Count, redelivered);
    }

    /// <summary>True when nothing was lost or duplicated.</summary>
    public bool Passed => Lost == 0 && Duplicated == 0;

    /// <summary>The summary line: <c>&lt;scenario&gt;: sent N acknowledged A answered B lost L duplicated D redelivered R</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Scenario}: sent {Sent} acknowledged {Acknowledged} answered {Answered} lost {Lost} duplicated {Duplicated} redelivered {Redelivered}");
}
