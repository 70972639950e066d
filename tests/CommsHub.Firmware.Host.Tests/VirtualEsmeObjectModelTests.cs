using CommsHub.Firmware.Host.Simulation.Cosem;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>The ESME's generic COSEM access: gets read the table, sets write it type-checked, actions run behaviours.</summary>
public class VirtualEsmeObjectModelTests
{
    private const ulong Obis = 0x0000600A01FFUL; // 0-0:96.10.1.255, a data object

    [Fact]
    public void A_set_value_is_got_back_and_a_set_of_another_type_is_refused()
    {
        var model = new CosemObjectModel();
        var request = new AccessRequest(7, [new AccessRequestSpec(AccessKind.Set, 1, Obis, 2), new AccessRequestSpec(AccessKind.Get, 1, Obis, 2),
            new AccessRequestSpec(AccessKind.Set, 1, Obis, 2)], [DlmsData.LongUnsigned(42), DlmsData.Null(), DlmsData.Boolean(true)]);

        var bytes = DlmsAccessServer.Answer(model, request);
        var r = AccessResponse.Decode(bytes, 0, bytes.Length);

        Assert.Equal([CosemObjectModel.Success, CosemObjectModel.Success, CosemObjectModel.TypeUnmatched], r.Results.Select(x => x.Result));
        Assert.Equal(DlmsType.LongUnsigned, r.Data[1].Type);
        Assert.Equal(42, r.Data[1].Value);
        Assert.Equal(42, model.Get(1, Obis, 2)!.Value);
    }

    [Fact]
    public void An_attribute_not_held_is_object_undefined_and_an_action_runs_its_behaviour()
    {
        var model = new CosemObjectModel();
        model.Seed(7, Obis, 2, DlmsData.Array([DlmsData.Unsigned(1)]));
        model.OnAction(7, Obis, 1, _ => { model.Seed(7, Obis, 2, DlmsData.Array([])); return null; }); // profile reset
        var request = new AccessRequest(1, [new AccessRequestSpec(AccessKind.Get, 3, Obis, 2), new AccessRequestSpec(AccessKind.Action, 7, Obis, 1)],
            [DlmsData.Null(), DlmsData.Integer(0)]);

        var bytes = DlmsAccessServer.Answer(model, request);
        var r = AccessResponse.Decode(bytes, 0, bytes.Length);

        Assert.Equal(CosemObjectModel.ObjectUndefined, r.Results[0].Result);
        Assert.Equal(CosemObjectModel.Success, r.Results[1].Result);
        Assert.Empty(model.Get(7, Obis, 2)!.Children);
    }
}
