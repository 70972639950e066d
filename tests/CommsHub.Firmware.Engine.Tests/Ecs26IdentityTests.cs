using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Engine.Tests.Support;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Engine.Tests;

/// <summary>ECS26i/ECS26n: the CHF answers gets of its identity data objects (EUI, model, type); other objects are undefined.</summary>
public sealed class Ecs26IdentityTests
{
    private const int ObjectUndefined = 4; // DLMS data-access-result object-undefined
    private const ulong DeviceId = 0x0000600101FFUL, Model = 0x0000600104FFUL, Type = 0x0000600106FFUL, Other = 0x0000600107FFUL;

    [SharedDataFact]
    public void Ecs26i_returns_the_eui_model_and_type_and_an_unknown_object_is_undefined()
    {
        using var rig = new HubRig();
        var request = new AccessRequest(AccessRequest.InvokeIdFor(5),
            [Get(DeviceId), Get(Model), Get(Type)], [DlmsData.Null(), DlmsData.Null(), DlmsData.Null()]);

        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Command(MessageCodes.ECS26i, request.Encode(), 5)));

        var r = Decode(rig.Uplink.Frames[0]);
        Assert.All(r.Results, x => Assert.Equal(0, x.Result));
        Assert.Equal(HubRig.Chf, r.Data[0].ExpectEui64("device id"));
        Assert.Equal(DlmsType.OctetString, r.Data[1].Type);
        Assert.Equal(DlmsType.OctetString, r.Data[2].Type);

        var other = new AccessRequest(AccessRequest.InvokeIdFor(6), [Get(Model), Get(Other)], [DlmsData.Null(), DlmsData.Null()]);
        Assert.Equal(WanMessageOutcome.Executed, rig.Send(rig.Command(MessageCodes.ECS26n, other.Encode(), 6)));
        var r2 = Decode(rig.Uplink.Frames[1]);
        Assert.Equal([0, ObjectUndefined], r2.Results.Select(x => x.Result));
        Assert.Equal(DlmsType.Null, r2.Data[1].Type);
    }

    private static AccessRequestSpec Get(ulong obis) => new(AccessKind.Get, 1, obis, 2);

    private static AccessResponse Decode(byte[] frame)
    {
        var m = GbcsFrameParser.Parse(frame);
        Assert.Equal(CraFlag.Response, m.Cra);
        return AccessResponse.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
    }
}
