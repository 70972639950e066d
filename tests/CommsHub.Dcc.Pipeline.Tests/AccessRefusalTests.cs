using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>Refusals answered with a signed DUIS E-code; nothing persisted but the audit entry.</summary>
public sealed class AccessRefusalTests
{
    private const string ReadRegisters = "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML";

    private static async Task<DuisOutcome> Refused(Rig rig, byte[] body, string code, DuisEndpoint endpoint = DuisEndpoint.ServiceS)
    {
        var result = await rig.Intake.ProcessAsync(body, endpoint);
        Assert.Equal(code, result.ResponseCode);
        Assert.Equal(code, Rig.Field(rig.CheckedResponse(result.ResponseBytes!), "ResponseCode"));
        Assert.Equal(0, rig.PendingCount());
        Assert.Empty(rig.Mqtt.Published);
        return result;
    }

    [SharedDataFact]
    public async Task Wrong_role_gets_E2()
    {
        using var rig = new Rig();
        // 3.3 Clear Event Log is for IS/GS only; the network operator (ED/GT) sends it.
        var body = rig.Signed("CS11_3.3_SUCCESS_REQUEST_DUIS.XML", 5000, rig.NetworkOperatorSigner, Rig.NetworkOperator);
        var result = await Refused(rig, body, "E2");
        Assert.Equal(DuisOutcomeKind.Rejected, result.Kind);
        Assert.Single(rig.Store.Audit.Read(Rig.NetworkOperator), e => e.ResponseCode == "E2");
    }

    [SharedDataFact]
    public async Task Supplier_not_registered_for_the_MPAN_gets_E4()
    {
        using var rig = new Rig();
        new RegistrationData(rig.Store.Registration).Change(Rig.ImportMpan, UserRole.ImportSupplier, 0x90B3D51F30030000UL, rig.Clock.Now.AddDays(-1));
        await Refused(rig, rig.Signed(ReadRegisters, 1000), "E4");
    }

    [SharedDataFact]
    public async Task Decommissioned_device_gets_E5()
    {
        using var rig = new Rig();
        rig.Store.Inventory.SetStatus(Rig.Esme, SmiStatus.Decommissioned, rig.Clock.Now.AddDays(-1));
        await Refused(rig, rig.Signed(ReadRegisters, 1000), "E5");
    }

    [SharedDataFact]
    public async Task Wrong_endpoint_gets_E13()
    {
        using var rig = new Rig();
        await Refused(rig, rig.Signed(ReadRegisters, 1000), "E13", DuisEndpoint.ServiceT);
    }

    [SharedDataFact]
    public async Task Replayed_request_is_refused_and_not_dispatched_twice()
    {
        using var rig = new Rig();
        var body = rig.Signed(ReadRegisters, 1000);
        Assert.Equal(DuisOutcomeKind.Accepted, (await rig.Intake.ProcessAsync(body, DuisEndpoint.ServiceS)).Kind);

        var again = await rig.Intake.ProcessAsync(body, DuisEndpoint.ServiceS);

        Assert.Equal(DuisOutcomeKind.Replayed, again.Kind);
        Assert.Equal(DuisRejectReason.Replay, again.RejectReason);
        Assert.Equal("E1", Rig.Field(rig.CheckedResponse(again.ResponseBytes!), "ResponseCode"));
        Assert.Equal(1, rig.PendingCount());
        Assert.Single(rig.Mqtt.Published);
        // A re-signed copy with an older counter is a replay too.
        var older = await rig.Intake.ProcessAsync(rig.Signed(ReadRegisters, 999), DuisEndpoint.ServiceS);
        Assert.Equal(DuisOutcomeKind.Replayed, older.Kind);
    }

    [SharedDataFact]
    public async Task Request_signed_by_another_user_is_E1_and_does_not_touch_the_counter()
    {
        using var rig = new Rig();
        // Signed by the network operator but naming the supplier as originator.
        var forged = rig.Signed(ReadRegisters, 1000, rig.NetworkOperatorSigner);
        var result = await Refused(rig, forged, "E1");
        Assert.Equal(DuisOutcomeKind.Unauthenticated, result.Kind);
        Assert.Empty(rig.Store.Audit.Read());
        // The supplier's own request with that counter still goes through.
        Assert.Equal(DuisOutcomeKind.Accepted, (await rig.Intake.ProcessAsync(rig.Signed(ReadRegisters, 1000), DuisEndpoint.ServiceS)).Kind);
    }
}
