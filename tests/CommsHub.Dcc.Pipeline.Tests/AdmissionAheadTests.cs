using System.Text;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// A request's order-free intake (<see cref="DuisIntake.Admit"/>: load, XSD, header, XMLDSig) done ahead, on several
/// threads at once, and its ordered remainder (<see cref="DuisIntake.ProcessAsync(DuisAdmission, CancellationToken)"/>:
/// replay counter, decision) in send order: the same outcomes and the same typed refusals as one by one.
/// </summary>
public sealed class AdmissionAheadTests
{
    private const string ReadRegisters = "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML";

    [SharedDataFact]
    public async Task Admitted_on_several_threads_and_decided_in_send_order_the_outcomes_are_those_of_one_by_one()
    {
        using var rig = new Rig();
        var bodies = new[]
        {
            rig.Signed(ReadRegisters, 1000),
            // Signed by the network operator but naming the supplier as originator: a forgery.
            rig.Signed(ReadRegisters, 1001, rig.NetworkOperatorSigner),
            rig.Signed(ReadRegisters, 1000),
            Encoding.UTF8.GetBytes("<not-duis/>"),
            rig.Signed(ReadRegisters, 1002),
            rig.Signed(ReadRegisters, 1001),
        };
        // Every admission at once (each waits for the others to start), then the decisions in send order.
        using var together = new Barrier(bodies.Length);
        var admissions = await Task.WhenAll(bodies.Select(body => Task.Run(() =>
        {
            Assert.True(together.SignalAndWait(TimeSpan.FromSeconds(30)), "the admissions did not run at once");
            return rig.Intake.Admit(body, DuisEndpoint.ServiceS);
        })));
        var outcomes = new List<DuisOutcome>();
        foreach (var admission in admissions) outcomes.Add(await rig.Intake.ProcessAsync(admission));

        Assert.Equal(
            [DuisOutcomeKind.Accepted, DuisOutcomeKind.Unauthenticated, DuisOutcomeKind.Replayed, DuisOutcomeKind.Refused,
                DuisOutcomeKind.Accepted, DuisOutcomeKind.Replayed],
            outcomes.Select(o => o.Kind));
        Assert.Equal(DuisRejectReason.SignerUnknown, outcomes[1].RejectReason);
        Assert.Equal(DuisRejectReason.Replay, outcomes[2].RejectReason);
        Assert.Equal(DuisRejectReason.Replay, outcomes[5].RejectReason);
        Assert.NotNull(outcomes[3].RejectReason);
        Assert.Null(outcomes[3].ResponseBytes);
        foreach (var i in new[] { 1, 2, 5 }) Assert.Equal("E1", Rig.Field(rig.CheckedResponse(outcomes[i].ResponseBytes!), "ResponseCode"));
        // The forgery burnt no counter: 1001 was still free when the supplier's own 1001 came after 1002, a replay only then.
        Assert.Equal(2, rig.PendingCount());
    }

    [SharedDataFact]
    public async Task An_admission_that_throws_fails_its_own_request_when_it_is_decided_and_nothing_else()
    {
        using var rig = new Rig();
        var broken = rig.Intake.Admit(null!, DuisEndpoint.ServiceS);
        var fine = rig.Intake.Admit(rig.Signed(ReadRegisters, 1000), DuisEndpoint.ServiceS);

        await Assert.ThrowsAsync<ArgumentNullException>(() => rig.Intake.ProcessAsync(broken));
        Assert.Equal(DuisOutcomeKind.Accepted, (await rig.Intake.ProcessAsync(fine)).Kind);
        Assert.Equal(1, rig.PendingCount());
    }
}
