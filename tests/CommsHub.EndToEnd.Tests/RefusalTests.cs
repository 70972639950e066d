using CommsHub.Dcc.Smki;
using CommsHub.Dcc.Storage;
using Microsoft.Extensions.DependencyInjection;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.EndToEnd.Tests;

/// <summary>
/// Access control and replay protection as the user sees them, through the running adapter: signed DUIS answers with
/// E2 (role not eligible), E4 (not the registered supplier), E5 (device decommissioned) and E1 for a replay; none of
/// them reaches a hub (no asynchronous answer follows).
/// </summary>
public sealed class RefusalTests(AdapterRig rig) : IClassFixture<AdapterRig>
{
    private ulong Esme(int hub) => rig.Hubs[hub].Meters.Single(m => m.Kind == "ESME").Eui;

    [SharedDataFact]
    public async Task An_other_user_reading_registers_gets_E2()
    {
        using var signer = rig.Signer(DemoIdentities.OtherUser);
        var request = DuisTemplates.Signed(DuisTemplates.ReadRegisters, signer, DemoIdentities.OtherUser, Esme(0), DuisTemplates.NextCounter());
        var (answer, reject) = await rig.PostAsync(request);
        Assert.Equal("E2", answer.Code);
        Assert.Null(reject);
        Assert.Equal("4.1.1", answer.Field("ServiceReferenceVariant"));
    }

    [SharedDataFact]
    public async Task A_supplier_not_registered_for_the_meter_gets_E4()
    {
        using var signer = rig.Signer(AdapterRig.OtherSupplier);
        var request = DuisTemplates.Signed(DuisTemplates.ReadRegisters, signer, AdapterRig.OtherSupplier, Esme(0), DuisTemplates.NextCounter());
        var (answer, _) = await rig.PostAsync(request);
        Assert.Equal("E4", answer.Code);
        // The answer is sent after the decision is committed: the refusal is audited, and no pending request was kept, so
        // nothing went to the hub and nothing (no I0, no E21) can come back later.
        var store = rig.App.Services.GetRequiredService<IDccStore>();
        var requestId = answer.Field("RequestID")!;
        Assert.Contains(store.Audit.ForRequest(requestId), e => e.ResponseCode == "E4");
        Assert.Null(store.PendingRequests.Find(requestId));
        Assert.Empty(rig.ReceivedBy(AdapterRig.OtherSupplier));
    }

    [SharedDataFact]
    public async Task A_decommissioned_meter_gets_E5()
    {
        using var signer = rig.Signer(DemoIdentities.Supplier);
        var esme = Esme(1);
        // 8.3 Decommission Device (CV 8, to the DCC on serviceD) is answered from the inventory.
        var decommission = DuisTemplates.Signed(DuisTemplates.Decommission, signer, DemoIdentities.Supplier, DemoIdentities.Dcc,
            DuisTemplates.NextCounter(), new Dictionary<string, string?> { ["DeviceID"] = Dcc.Duis.RequestId.FormatEui(esme) });
        var (done, _) = await rig.PostAsync(decommission, "serviceD");
        Assert.Equal("I99", done.Code); // accepted and applied to the inventory (no device response follows)

        var read = DuisTemplates.Signed(DuisTemplates.ReadRegisters, signer, DemoIdentities.Supplier, esme, DuisTemplates.NextCounter());
        var (answer, _) = await rig.PostAsync(read);
        Assert.Equal("E5", answer.Code);
    }

    [SharedDataFact]
    public async Task A_replayed_request_is_refused_with_E1()
    {
        using var signer = rig.Signer(DemoIdentities.NetworkOperator);
        // Any request will do: the counter is checked before access control. 8.9 to a hub as the network operator.
        var counter = DuisTemplates.NextCounter();
        var request = DuisTemplates.Signed(DuisTemplates.ReadDeviceLog, signer, DemoIdentities.NetworkOperator, rig.Hubs[0].Eui, counter);
        var (first, firstReject) = await rig.PostAsync(request);
        Assert.NotEqual("E1", first.Code);
        Assert.Null(firstReject);

        var (again, reject) = await rig.PostAsync(request);
        Assert.Equal("E1", again.Code);
        Assert.Equal("Replay", reject);
        Assert.Equal(first.Field("RequestID"), again.Field("RequestID"));

        // An older counter, freshly signed, is a replay too.
        var older = DuisTemplates.Signed(DuisTemplates.ReadDeviceLog, signer, DemoIdentities.NetworkOperator, rig.Hubs[0].Eui, counter - 1);
        Assert.Equal(("E1", "Replay"), await CodeAndReject(older));
    }

    private async Task<(string?, string?)> CodeAndReject(byte[] request)
    {
        var (answer, reject) = await rig.PostAsync(request);
        return (answer.Code, reject);
    }
}
